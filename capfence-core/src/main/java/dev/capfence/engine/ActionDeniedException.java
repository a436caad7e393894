package dev.capfence.engine;

/** Thrown where an action had to run but was not authorized; carries the verdict. */
public class ActionDeniedException extends RuntimeException {
    private final transient Verdict verdict;

    public ActionDeniedException(Verdict verdict) {
        super("CapFence " + verdict.decision().wireName() + " for " + verdict.capability() + ": " + verdict.reason()
                + " (" + verdict.reasonCode() + ")");
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}
