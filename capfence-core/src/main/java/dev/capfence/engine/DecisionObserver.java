package dev.capfence.engine;

import dev.capfence.event.ActionEvent;

/**
 * Observes the decisions the runtime records: a scope around each one, from before the policy is consulted until the
 * decision is recorded (approvals, limits and the audit write included) — a seam for tracing and timing — and the
 * recorded verdict (metrics). An observer must be fast and must not throw; if it does, the failure is logged and the
 * decision stands. Dry runs ({@code evaluate}, {@code explain}) are not observed.
 */
@FunctionalInterface
public interface DecisionObserver {

    /** Called before deciding {@code event} (which may be invalid, never null); null: no scope. */
    Scope start(ActionEvent event);

    /**
     * Every verdict {@code execute}, {@code start}, {@code refuse} and the unreadable-input methods return, after it
     * is recorded and before any executor runs.
     */
    default void decided(Verdict verdict) {
    }

    /** One observed decision. */
    interface Scope {

        /** Called once: with the recorded verdict, or with the failure that ended the decision. */
        void stop(Verdict verdict, Throwable failure);
    }
}
