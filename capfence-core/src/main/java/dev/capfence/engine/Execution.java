package dev.capfence.engine;

/**
 * What {@link ActionRuntime#execute(dev.capfence.event.ActionEvent, ActionExecutor)} did: the verdict
 * (with {@code toolInvoked}), the executor's result, or the exception it threw.
 */
public final class Execution<T> {
    private final Verdict verdict;
    private final T result;
    private final Exception failure;

    Execution(Verdict verdict, T result, Exception failure) {
        this.verdict = verdict;
        this.result = result;
        this.failure = failure;
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

    public boolean succeeded() {
        return verdict.toolInvoked() && failure == null;
    }

    /**
     * The result of a run that succeeded; otherwise throws the executor's exception, or
     * {@link ActionDeniedException} when the action was not authorized.
     */
    public T getOrThrow() throws Exception {
        if (!verdict.toolInvoked()) {
            throw new ActionDeniedException(verdict);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
