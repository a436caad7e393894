package dev.capfence.policy;

/**
 * What a policy decides for one event: the decision, the rule that made it (null when none matched,
 * which is a denial) and, when an observe-mode rule would have decided otherwise, that shadow outcome.
 */
public record PolicyDecision(Decision decision, String ruleId, String reason,
                             Decision shadowDecision, String shadowRuleId, String shadowReason) {

    static final String NO_MATCH_REASON = "no rule allows this action";

    static final PolicyDecision NO_MATCH = new PolicyDecision(Decision.DENY, null, NO_MATCH_REASON, null, null, null);

    /** Whether a rule decided (false for the default denial). */
    public boolean matched() {
        return ruleId != null;
    }

    /** Whether an observe-mode rule would have changed the outcome. */
    public boolean hasShadow() {
        return shadowDecision != null;
    }

    PolicyDecision withShadow(PolicyDecision shadow) {
        return new PolicyDecision(decision, ruleId, reason, shadow.decision, shadow.ruleId, shadow.reason);
    }
}
