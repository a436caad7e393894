package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Decision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one parsed JSONL object into an {@link AuditEntry}, detecting the format per line: a record with a
 * {@code type} or an {@code event} object is this project's; a flat object with a {@code decision} is an
 * upstream CapFence sample, whose capability is its {@code tool} (its resource and action are not).
 */
final class RecordParser {

    /** Thrown for a line that is JSON but not an audit record we can use; becomes an {@link UnreadableLine}. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** Upstream keys that describe the decision, not the proposed action. */
    private static final List<String> UPSTREAM_AUDIT_KEYS = List.of("audit_id", "decision", "reason", "reason_code",
            "rule_id", "tool_invoked", "upstream_mcp_invoked", "policy_sha256", "ts", "seq", "mode", "approval_id");

    private RecordParser() {
    }

    static boolean looksLikeAuditRecord(Map<String, Object> json) {
        return json.get("type") instanceof String || json.get("event") instanceof Map || json.containsKey("decision");
    }

    static AuditEntry parse(long line, String text, Map<String, Object> json) {
        Object type = json.get("type");
        if (type != null && !(type instanceof String)) {
            throw new Unreadable("'type' is not a string");
        }
        if (type != null || json.get("event") instanceof Map) {
            return capfence(line, text, json, type == null ? AuditEntry.DECISION : (String) type);
        }
        if (json.containsKey("decision")) {
            return upstream(line, text, json);
        }
        throw new Unreadable("neither a CapFence audit record (no 'type' or 'event') nor an upstream audit sample "
                + "(no 'decision')");
    }

    private static AuditEntry capfence(long line, String text, Map<String, Object> json, String type) {
        Map<String, Object> eventJson = json.get("event") instanceof Map<?, ?> m ? cast(m) : null;
        Long seq = json.get("seq") instanceof Number n ? n.longValue() : null;
        Instant time = instant(json.get("ts"));
        if (!AuditEntry.DECISION.equals(type)) {
            // outcome, checkpoint, approval, grant, or a type a newer writer added: shown by the viewer, skipped by
            // replay; approval and grant records name actor and capability at the top
            ActionEvent event = eventJson == null ? null : eventOrNull(eventJson);
            String eventId = event != null ? event.id() : string(json.get("event_id"));
            return new AuditEntry(line, type, text, json, seq, time, eventId,
                    event != null ? event.actor() : text(json.get("actor")), event == null ? null : event.tool(),
                    event != null ? event.capability() : text(json.get("capability")),
                    DecisionNames.parseOrNull(json.get("decision")), null);
        }
        if (eventJson == null) {
            throw new Unreadable("decision record without an 'event' object");
        }
        Decision decision = DecisionNames.parse(json.get("decision"));
        Map<String, Object> withId = eventJson;
        if (eventJson.get("id") == null) {
            withId = new LinkedHashMap<>(eventJson);
            withId.put("id", "line-" + line);
        }
        ActionEvent event = event(withId);
        RecordedDecision recorded = new RecordedDecision(line, event.id(), event, decision,
                string(json.get("reason_code")), string(json.get("rule_id")), string(json.get("reason")),
                event.capability(), RedactedValues.in(event.payload()), RecordedDecision.Format.CAPFENCE);
        return new AuditEntry(line, type, text, json, seq, time != null ? time : instant(eventJson.get("timestamp")),
                event.id(), event.actor(), event.tool(), event.capability(), decision, recorded);
    }

    private static AuditEntry upstream(long line, String text, Map<String, Object> json) {
        Decision decision = DecisionNames.parse(json.get("decision"));
        Map<String, Object> eventJson = new LinkedHashMap<>(json);
        UPSTREAM_AUDIT_KEYS.forEach(eventJson::remove);
        Object auditId = json.get("audit_id");
        eventJson.put("id", auditId != null ? auditId.toString() : "line-" + line);
        if (eventJson.get("capability") == null && eventJson.get("tool") != null) {
            eventJson.put("capability", eventJson.get("tool")); // upstream names the capability 'tool'
        }
        ActionEvent event = event(eventJson);
        RecordedDecision recorded = new RecordedDecision(line, event.id(), event, decision,
                string(json.get("reason_code")), string(json.get("rule_id")), string(json.get("reason")),
                event.capability(), RedactedValues.in(event.payload()), RecordedDecision.Format.UPSTREAM);
        Instant time = instant(json.get("ts") != null ? json.get("ts") : json.get("timestamp"));
        Long seq = json.get("seq") instanceof Number n ? n.longValue() : null;
        return new AuditEntry(line, AuditEntry.DECISION, text, json, seq, time, event.id(), event.actor(),
                event.tool(), event.capability(), decision, recorded);
    }

    private static ActionEvent event(Map<String, Object> eventJson) {
        try {
            return ActionEventJson.fromMap(eventJson);
        } catch (InvalidEventException e) {
            throw new Unreadable("the recorded event cannot be read: " + e.getMessage());
        }
    }

    private static ActionEvent eventOrNull(Map<String, Object> eventJson) {
        try {
            return ActionEventJson.fromMap(eventJson);
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /** An ISO-8601 instant or epoch milliseconds; null when absent or unreadable (the viewer shows '-'). */
    static Instant instant(Object value) {
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        if (value instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
