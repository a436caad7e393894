package dev.capfence.engine;

/** Thrown where an action had to run but was not authorized; carries the verdict. */
public class ActionDeniedException extends RuntimeException {
    private final transient Verdict verdict;

    public ActionDeniedException(Verdict verdict) {
        this(verdict, "CapFence " + verdict.decision().wireName() + " for " + verdict.capability() + ": "
                + verdict.reason() + " (" + verdict.reasonCode() + ")");
    }

    /** With the message the caller shows (a tool refusal's text, say). */
    public ActionDeniedException(Verdict verdict, String message) {
        super(message);
        this.verdict = verdict;
    }

    /** The refusal of {@code verdict} with {@code message}: an {@link ApprovalRequiredException} when it waits. */
    public static ActionDeniedException of(Verdict verdict, String message) {
        return verdict.decision() == dev.capfence.policy.Decision.REQUIRE_APPROVAL
                ? new ApprovalRequiredException(verdict, message) : new ActionDeniedException(verdict, message);
    }

    public Verdict verdict() {
        return verdict;
    }
}
