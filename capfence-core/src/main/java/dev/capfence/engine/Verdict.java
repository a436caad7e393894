package dev.capfence.engine;

import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer for one proposed action. {@code authorized} is true only for {@code allow}: an action awaiting
 * approval is not authorized yet. {@code shadowDecision}/{@code shadowRuleId} say what an observe-mode rule
 * (or policy) would have decided.
 */
public record Verdict(String eventId, Decision decision, boolean authorized, String reasonCode, String reason,
                      String ruleId, String capability, String policySha256, String approvalId,
                      boolean toolInvoked, PolicyMode mode, long evaluationNanos,
                      Decision shadowDecision, String shadowRuleId) {

    /** A denial of an event that could not be evaluated. */
    public static Verdict invalidEvent(String eventId, String capability, String reason, String policySha256) {
        return new Verdict(eventId, Decision.DENY, false, ReasonCodes.INVALID_EVENT, reason, null, capability,
                policySha256, null, false, PolicyMode.ENFORCE, 0, null, null);
    }

    /** This verdict after the executor ran (or not). */
    public Verdict withToolInvoked(boolean invoked) {
        return new Verdict(eventId, decision, authorized, reasonCode, reason, ruleId, capability, policySha256,
                approvalId, invoked, mode, evaluationNanos, shadowDecision, shadowRuleId);
    }

    /** The JSON form, snake_case keys in a stable order; shadow keys only when there is a shadow outcome. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", eventId);
        m.put("decision", decision.wireName());
        m.put("authorized", authorized);
        m.put("reason_code", reasonCode);
        m.put("reason", reason);
        m.put("rule_id", ruleId);
        m.put("capability", capability);
        m.put("policy_sha256", policySha256);
        m.put("tool_invoked", toolInvoked);
        m.put("approval_id", approvalId);
        m.put("evaluation_nanos", evaluationNanos);
        m.put("mode", mode.wireName());
        if (shadowDecision != null) {
            m.put("shadow_decision", shadowDecision.wireName());
            m.put("shadow_rule_id", shadowRuleId);
        }
        return m;
    }
}
