package dev.capfence.engine;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.policy.Decision;

/**
 * What {@link ActionRuntime#execute(dev.capfence.event.ActionEvent, ActionExecutor)} did: the verdict
 * (with {@code toolInvoked}), the executor's result, or the exception it threw.
 */
public final class Execution<T> {
    private final Verdict verdict;
    private final T result;
    private final Exception failure;
    private final AuditReceipt outcomeReceipt;

    Execution(Verdict verdict, T result, Exception failure, AuditReceipt outcomeReceipt) {
        this.verdict = verdict;
        this.result = result;
        this.failure = failure;
        this.outcomeReceipt = outcomeReceipt;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The executor's result; null when it did not run or failed. */
    public T result() {
        return result;
    }

    /** The executor's exception, or null. */
    public Exception failure() {
        return failure;
    }

    /** The receipt of the outcome record; null when the executor did not run or nothing was recorded. */
    public AuditReceipt outcomeReceipt() {
        return outcomeReceipt;
    }

    public boolean succeeded() {
        return verdict.toolInvoked() && failure == null;
    }

    /**
     * The result of a run that succeeded; otherwise throws the executor's exception, or
     * {@link ApprovalRequiredException} when it waits for a person, {@link ActionDeniedException} when it was
     * refused.
     */
    public T getOrThrow() throws Exception {
        if (!verdict.toolInvoked()) {
            throw verdict.decision() == Decision.REQUIRE_APPROVAL
                    ? new ApprovalRequiredException(verdict) : new ActionDeniedException(verdict);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
