package dev.capfence.engine;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer for one proposed action. {@code authorized} is true only for {@code allow}: an action awaiting
 * approval is not authorized yet. {@code shadowDecision}/{@code shadowRuleId} say what an observe-mode rule
 * (or policy) would have decided. {@code receipt} is the audit record {@code execute} wrote for this decision; null
 * when nothing was recorded (a dry run, or no audit sink). Built with {@link #builder}.
 */
public record Verdict(String eventId, Decision decision, boolean authorized, ReasonCode reasonCode, String reason,
                      String ruleId, String capability, String policySha256, String approvalId,
                      boolean toolInvoked, PolicyMode mode, long evaluationNanos,
                      Decision shadowDecision, String shadowRuleId, AuditReceipt receipt) {

    /** A verdict to fill in; {@code authorized} follows from the decision (only {@code allow} is authorized). */
    public static Builder builder(String eventId, Decision decision, ReasonCode reasonCode) {
        return new Builder(eventId, decision, reasonCode);
    }

    /** A builder holding everything this verdict holds, to change a few parts. */
    public Builder toBuilder() {
        return new Builder(eventId, decision, reasonCode).reason(reason).ruleId(ruleId).capability(capability)
                .policySha256(policySha256).approvalId(approvalId).toolInvoked(toolInvoked).mode(mode)
                .evaluationNanos(evaluationNanos).shadow(shadowDecision, shadowRuleId).receipt(receipt);
    }

    /** A denial of an event that could not be evaluated. */
    public static Verdict invalidEvent(String eventId, String capability, String reason, String policySha256) {
        return builder(eventId, Decision.DENY, ReasonCode.INVALID_EVENT).reason(reason).capability(capability)
                .policySha256(policySha256).build();
    }

    /** A denial of an event over the size or nesting limit, which was not evaluated. */
    public static Verdict payloadTooLarge(String eventId, String capability, String reason, String policySha256) {
        return builder(eventId, Decision.DENY, ReasonCode.PAYLOAD_TOO_LARGE).reason(reason).capability(capability)
                .policySha256(policySha256).build();
    }

    /** A denial because the decision could not be recorded: an unrecorded action never runs. */
    static Verdict auditUnavailable(Verdict decided, String why) {
        return builder(decided.eventId, Decision.DENY, ReasonCode.AUDIT_UNAVAILABLE)
                .reason("the decision could not be recorded in the audit log: " + why).capability(decided.capability)
                .policySha256(decided.policySha256).approvalId(decided.approvalId).mode(decided.mode)
                .evaluationNanos(decided.evaluationNanos).build();
    }

    /** This verdict after the executor ran (or not). */
    public Verdict withToolInvoked(boolean invoked) {
        return toBuilder().toolInvoked(invoked).build();
    }

    /** This verdict with the receipt of the audit record written for it. */
    public Verdict withReceipt(AuditReceipt receipt) {
        return toBuilder().receipt(receipt).build();
    }

    /** Builds a {@link Verdict}; unset parts are null, false, 0 and mode {@code enforce}. */
    public static final class Builder {
        private final String eventId;
        private final Decision decision;
        private final ReasonCode reasonCode;
        private String reason;
        private String ruleId;
        private String capability;
        private String policySha256;
        private String approvalId;
        private boolean toolInvoked;
        private PolicyMode mode = PolicyMode.ENFORCE;
        private long evaluationNanos;
        private Decision shadowDecision;
        private String shadowRuleId;
        private AuditReceipt receipt;

        private Builder(String eventId, Decision decision, ReasonCode reasonCode) {
            this.eventId = eventId;
            this.decision = Objects.requireNonNull(decision, "decision");
            this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder ruleId(String ruleId) {
            this.ruleId = ruleId;
            return this;
        }

        public Builder capability(String capability) {
            this.capability = capability;
            return this;
        }

        public Builder policySha256(String policySha256) {
            this.policySha256 = policySha256;
            return this;
        }

        public Builder approvalId(String approvalId) {
            this.approvalId = approvalId;
            return this;
        }

        public Builder toolInvoked(boolean toolInvoked) {
            this.toolInvoked = toolInvoked;
            return this;
        }

        public Builder mode(PolicyMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder evaluationNanos(long evaluationNanos) {
            this.evaluationNanos = evaluationNanos;
            return this;
        }

        /** What an observe-mode rule or policy would have decided, and which rule; both null when nothing. */
        public Builder shadow(Decision decision, String ruleId) {
            this.shadowDecision = decision;
            this.shadowRuleId = ruleId;
            return this;
        }

        public Builder receipt(AuditReceipt receipt) {
            this.receipt = receipt;
            return this;
        }

        public Verdict build() {
            return new Verdict(eventId, decision, decision == Decision.ALLOW, reasonCode, reason, ruleId, capability,
                    policySha256, approvalId, toolInvoked, mode, evaluationNanos, shadowDecision, shadowRuleId,
                    receipt);
        }
    }

    /**
     * The JSON form, snake_case keys in a stable order; shadow keys only when there is a shadow outcome,
     * {@code receipt: {seq, hash[, sig, key_id[, head_seq, head_hash]]}} only when a record was written.
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
