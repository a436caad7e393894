package dev.capfence.engine;

import dev.capfence.event.ActionEvent;

/**
 * Observes each decision {@code execute} makes, from before the policy is consulted until the decision is recorded
 * (approvals, limits and the audit write included) — a seam for tracing and timing. An observer must be fast and must
 * not throw; if it does, the failure is logged and the decision stands.
 */
public interface DecisionObserver {

    /** Called before deciding {@code event} (which may be invalid, never null). */
    Scope start(ActionEvent event);

    /** One observed decision. */
    interface Scope {

        /** Called once: with the recorded verdict, or with the failure that ended the decision. */
        void stop(Verdict verdict, Throwable failure);
    }
}
