package dev.capfence.policy;

import java.util.List;

/**
 * Why a policy decided what it did for one event: every rule in precedence order, each condition
 * with what the event had for it, and the decision.
 */
public record PolicyExplanation(PolicyDecision decision, List<RuleTrace> rules) {

    /** One rule as it met the event. */
    public record RuleTrace(String ruleId, Decision decision, PolicyMode mode, String source,
                            boolean matched, List<ConditionTrace> conditions) {
    }

    /** One condition of a rule: what it requires, what the event had, and whether it held. */
    public record ConditionTrace(String condition, String observed, boolean held) {
    }
}
