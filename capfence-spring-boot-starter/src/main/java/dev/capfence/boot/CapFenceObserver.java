package dev.capfence.boot;

import dev.capfence.engine.Verdict;

/**
 * Observes CapFence: every decision the auto-configured runtime records, and every gated tool call once it is over.
 * Implement the methods you need; every bean of this type is told, in order, on the calling thread. An observer must
 * be fast and must not throw: its failures are logged and the decision stands.
 */
public interface CapFenceObserver {

    /** Every verdict the runtime records, before any tool runs (metrics, counters). */
    default void decided(Verdict verdict) {
    }

    /**
     * A gated tool call is over: the verdict says whether the tool ran ({@link Verdict#toolInvoked()}) and, for
     * approvals, the approval id.
     */
    default void toolCallCompleted(String toolName, Verdict verdict) {
    }
}
