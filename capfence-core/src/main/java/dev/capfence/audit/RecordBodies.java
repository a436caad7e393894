package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** The type-specific fields of each record type; {@link Chain} adds the chain fields around them. */
final class RecordBodies {

    static final String DECISION = "decision";
    static final String OUTCOME = "outcome";
    static final String CHECKPOINT = "checkpoint";
    static final String APPROVAL = "approval";
    static final String GRANT = "grant";

    /** Long enough to say what failed; short enough that an exception cannot flood the log. */
    private static final int MAX_ERROR_MESSAGE = 1000;

    private RecordBodies() {
    }

    static String type(AuditRecord record) {
        if (record instanceof AuditRecord.ApprovalTransition) {
            return APPROVAL;
        }
        if (record instanceof AuditRecord.GrantTransition) {
            return GRANT;
        }
        return record instanceof AuditRecord.Decision ? DECISION : OUTCOME;
    }

    static Map<String, Object> of(AuditRecord record, Redaction redaction) {
        if (record instanceof AuditRecord.Decision d) {
            return decision(d, redaction);
        }
        if (record instanceof AuditRecord.ApprovalTransition a) {
            return approval(a);
        }
        if (record instanceof AuditRecord.GrantTransition g) {
            return grant(g);
        }
        return outcome((AuditRecord.Outcome) record);
    }

    private static Map<String, Object> decision(AuditRecord.Decision d, Redaction redaction) {
        Map<String, Object> m = new LinkedHashMap<>();
        ActionEvent e = d.event();
        if (e != null) {
            Map<String, Object> event = ActionEventJson.toMap(e);
            event.put("payload", redaction.apply(e.payload()));
            event.put("context", redaction.apply(e.context()));
            m.put("event", event);
            // Binds the payload as proposed, secrets included, without storing them.
            m.put("payload_sha256", Canonical.sha256Hex(Canonical.of(e.payload())));
        } else {
            Map<String, Object> unreadable = new LinkedHashMap<>();
            unreadable.put("id", d.eventId());
            m.put("event", unreadable);
            m.put("payload_sha256", null);
        }
        m.put("decision", d.decision());
        m.put("reason_code", d.reasonCode());
        m.put("reason", d.reason());
        m.put("rule_id", d.ruleId());
        m.put("policy_sha256", d.policySha256());
        m.put("mode", d.mode());
        m.put("tool_invoked", false); // written before anything runs; the outcome record says what ran
        m.put("approval_id", d.approvalId());
        if (d.shadowDecision() != null) {
            m.put("shadow_decision", d.shadowDecision());
            m.put("shadow_rule_id", d.shadowRuleId());
        }
        return m;
    }

    private static Map<String, Object> outcome(AuditRecord.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", o.eventId());
        m.put("decision_seq", o.decisionSeq());
        m.put("tool_invoked", o.toolInvoked());
        m.put("outcome", o.success() ? "success" : "failure");
        if (o.success()) {
            m.put("error", null);
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("class", o.errorClass());
            String message = o.errorMessage();
            error.put("message", message != null && message.length() > MAX_ERROR_MESSAGE
                    ? message.substring(0, MAX_ERROR_MESSAGE) + "…" : message);
            m.put("error", error);
        }
        return m;
    }

    private static Map<String, Object> approval(AuditRecord.ApprovalTransition a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("approval_id", a.approvalId());
        m.put("transition", a.transition());
        m.put("digest", a.digest());
        m.put("actor", a.actor());
        m.put("capability", a.capability());
        m.put("environment", a.environment());
        m.put("by", a.by());
        m.put("note", a.note());
        m.put("event_id", a.eventId());
        return m;
    }

    private static Map<String, Object> grant(AuditRecord.GrantTransition g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grant_id", g.grantId());
        m.put("transition", g.transition());
        m.put("actor", g.actor());
        m.put("capability", g.capability());
        m.put("environment", g.environment());
        m.put("session_id", g.sessionId());
        m.put("expires_at", g.expiresAt());
        m.put("by", g.by());
        return m;
    }

    /** The first record of a file after rotation: binds the previous file's last record. */
    static Map<String, Object> checkpoint(String previousFile, long previousSeq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prev_file", previousFile);
        m.put("prev_seq", previousSeq);
        return m;
    }
}
