package dev.capfence.engine;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer for one proposed action. {@code authorized} is true only for {@code allow}: an action awaiting
 * approval is not authorized yet. {@code shadowDecision}/{@code shadowRuleId} say what an observe-mode rule
 * (or policy) would have decided. {@code receipt} is the audit record {@code execute} wrote for this decision; null
 * when nothing was recorded (a dry run, or no audit sink).
 */
public record Verdict(String eventId, Decision decision, boolean authorized, ReasonCode reasonCode, String reason,
                      String ruleId, String capability, String policySha256, String approvalId,
                      boolean toolInvoked, PolicyMode mode, long evaluationNanos,
                      Decision shadowDecision, String shadowRuleId, AuditReceipt receipt) {

    /** A denial of an event that could not be evaluated. */
    public static Verdict invalidEvent(String eventId, String capability, String reason, String policySha256) {
        return new Verdict(eventId, Decision.DENY, false, ReasonCode.INVALID_EVENT, reason, null, capability,
                policySha256, null, false, PolicyMode.ENFORCE, 0, null, null, null);
    }

    /** A denial of an event over the size or nesting limit, which was not evaluated. */
    public static Verdict payloadTooLarge(String eventId, String capability, String reason, String policySha256) {
        return new Verdict(eventId, Decision.DENY, false, ReasonCode.PAYLOAD_TOO_LARGE, reason, null, capability,
                policySha256, null, false, PolicyMode.ENFORCE, 0, null, null, null);
    }

    /** A denial because the decision could not be recorded: an unrecorded action never runs. */
    static Verdict auditUnavailable(Verdict decided, String why) {
        return new Verdict(decided.eventId, Decision.DENY, false, ReasonCode.AUDIT_UNAVAILABLE,
                "the decision could not be recorded in the audit log: " + why, null, decided.capability,
                decided.policySha256, decided.approvalId, false, decided.mode, decided.evaluationNanos, null, null, null);
    }

    /** This verdict after the executor ran (or not). */
    public Verdict withToolInvoked(boolean invoked) {
        return new Verdict(eventId, decision, authorized, reasonCode, reason, ruleId, capability, policySha256,
                approvalId, invoked, mode, evaluationNanos, shadowDecision, shadowRuleId, receipt);
    }

    /** This verdict with the receipt of the audit record written for it. */
    public Verdict withReceipt(AuditReceipt receipt) {
        return new Verdict(eventId, decision, authorized, reasonCode, reason, ruleId, capability, policySha256,
                approvalId, toolInvoked, mode, evaluationNanos, shadowDecision, shadowRuleId, receipt);
    }

    /**
     * The JSON form, snake_case keys in a stable order; shadow keys only when there is a shadow outcome,
     * {@code receipt: {seq, hash[, sig, key_id]}} only when a record was written.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", eventId);
        m.put("decision", decision.wireName());
        m.put("authorized", authorized);
        m.put("reason_code", reasonCode.wireName());
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
        if (receipt != null) {
            m.put("receipt", receipt.toMap());
        }
        return m;
    }
}
