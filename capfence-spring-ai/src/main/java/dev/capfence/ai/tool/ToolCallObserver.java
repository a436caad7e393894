package dev.capfence.ai.tool;

import dev.capfence.engine.Verdict;

/**
 * A bean of this type is told of every gated tool call once it is over: the verdict says whether the tool ran
 * ({@link Verdict#toolInvoked()}) and, for approvals, the approval id. A {@code @Tool} method that is also a
 * {@code @GatedAction} is decided by the method's advisor, not here: for those only refusals are told (use a
 * {@code CapFenceDecisionListener} to see every decision).
 */
@FunctionalInterface
public interface ToolCallObserver {

    void onToolCall(String toolName, Verdict verdict);
}
