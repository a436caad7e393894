package dev.capfence.engine;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.event.ActionEvent;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An action {@link ActionRuntime#start decided}, and started when authorized: for work that ends later than the call
 * that asked for it (a {@code CompletionStage}, a reactive stream). Call {@link #finish} once the work is over; its
 * outcome record is written then, once, however often it is called. A refused action never started: finishing it
 * records nothing.
 */
public final class StartedAction {

    private final ActionRuntime runtime;
    private final ActionEvent event;
    private final Verdict verdict;
    private final AtomicBoolean finished = new AtomicBoolean();

    StartedAction(ActionRuntime runtime, ActionEvent event, Verdict verdict) {
        this.runtime = runtime;
        this.event = event;
        this.verdict = verdict;
    }

    /** The recorded verdict; {@link Verdict#toolInvoked()} is true when the action may run. */
    public Verdict verdict() {
        return verdict;
    }

    /** Whether the work may run. */
    public boolean authorized() {
        return verdict.toolInvoked();
    }

    /**
     * Records the outcome of the work: success when {@code failure} is null. Only the first call records; a
     * refused action records nothing. Returns the outcome record's receipt, or null when nothing was recorded.
     */
    public AuditReceipt finish(Throwable failure) {
        if (!authorized() || !finished.compareAndSet(false, true)) {
            return null;
        }
        return runtime.recordOutcome(event, verdict, failure);
    }
}
