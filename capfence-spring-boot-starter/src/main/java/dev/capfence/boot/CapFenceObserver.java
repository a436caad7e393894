package dev.capfence.boot;

import dev.capfence.engine.DecisionObserver;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;

/**
 * Observes CapFence: the one hook for metrics, tracing and listeners. Every decision the auto-configured runtime
 * records ({@link #decided}, and a {@link #start scope} around it for tracing), and every gated call once it is over
 * ({@link #toolCallCompleted}). Implement the methods you need; every bean of this type is told, in order, on the
 * calling thread. An observer must be fast and must not throw: its failures are logged and the decision stands.
 */
public interface CapFenceObserver extends DecisionObserver {

    /** A scope from before the policy is consulted until the decision is recorded; none by default. */
    @Override
    default Scope start(ActionEvent event) {
        return null;
    }

    /** Every verdict the runtime records, before any tool runs (metrics, counters). */
    @Override
    default void decided(Verdict verdict) {
    }

    /**
     * A gated call — a {@code @GatedAction} method, a Spring AI tool call, an MCP server tool — is over: refused (at
     * once), or run (when its work ends, later for a {@code CompletionStage} or {@code Mono}). The verdict says
     * whether it ran ({@link Verdict#toolInvoked()}) and, for approvals, the approval id.
     */
    default void toolCallCompleted(String toolName, Verdict verdict) {
    }
}
