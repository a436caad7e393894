package dev.capfence.approval;

import dev.capfence.audit.Redaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of an approval, shown by {@code capfence approvals list --json} and the actuator endpoint:
 * {@code id, status, actor, capability, environment, requested_at, expires_at, decided_by, note, decided_at,
 * digest, event}. Times are ISO-8601 instants (null until set). The event is the requesting event with its payload
 * and context redacted as the audit records them: the stored approval keeps the whole event (its digest needs
 * it), a listing must show no more than the audit does.
 */
public final class ApprovalJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApprovalJson() {
    }

    /** The approval as a JSON-ready map, in the field order above. */
    public static Map<String, Object> toMap(Approval a, Redaction redaction) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("status", a.status().wireName());
        m.put("actor", a.actor());
        m.put("capability", a.capability());
        m.put("environment", a.environment());
        m.put("requested_at", text(a.requestedAt()));
        m.put("expires_at", text(a.expiresAt()));
        m.put("decided_by", a.decidedBy());
        m.put("note", a.note());
        m.put("decided_at", text(a.decidedAt()));
        m.put("digest", a.digest());
        m.put("event", redactedEvent(a.eventJson(), redaction));
        return m;
    }

    /** Null when there is no event or it cannot be read: an unreadable event cannot be redacted, so it is not shown. */
    private static Map<String, Object> redactedEvent(String eventJson, Redaction redaction) {
        if (eventJson == null) {
            return null;
        }
        Map<?, ?> parsed;
        try {
            parsed = JSON.readValue(eventJson, Map.class);
        } catch (JacksonException e) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        parsed.forEach((k, v) -> event.put(String.valueOf(k), v));
        for (String key : List.of("payload", "context")) {
            if (event.get(key) instanceof Map<?, ?> values) {
                Map<String, Object> copy = new LinkedHashMap<>();
                values.forEach((k, v) -> copy.put(String.valueOf(k), v));
                event.put(key, redaction.apply(copy));
            }
        }
        return event;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
