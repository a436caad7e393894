package dev.capfence.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON form of an {@link ActionEvent} (snake_case keys). Also reads the
 * upstream nested form: {@code actor: {id, role}} and {@code action: {capability}}.
 */
public final class ActionEventJson {

    /** Top-level keys that are really context, as upstream events write them. */
    private static final List<String> CONTEXT_KEYS =
            List.of("tenant", "user_role", "caller_depth", "session_id", "risk_level", "trace_id");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ActionEventJson() {
    }

    /** Parses one JSON document into an event; throws {@link InvalidEventException} when it is not one. */
    public static ActionEvent parse(String json) {
        Object tree;
        try {
            tree = JSON.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new InvalidEventException(null, "event is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidEventException(null, "event must be a JSON object");
        }
        return fromMap(cast(map));
    }

    /** Reads an event from its JSON-like map form. */
    public static ActionEvent fromMap(Map<String, Object> map) {
        String id = text(map, "id", null);
        ActionEvent.Builder b = ActionEvent.builder().id(id);
        Map<String, Object> context = new LinkedHashMap<>();

        Object actor = map.get("actor");
        if (actor instanceof Map<?, ?> a) {
            b.actor(text(cast(a), "id", id));
            copyIfPresent(cast(a), "role", context, "user_role");
            copyIfPresent(cast(a), "tenant", context, "tenant");
        } else {
            b.actor(text(map, "actor", id));
        }

        Object action = map.get("action");
        if (action instanceof Map<?, ?> a) {
            Map<String, Object> am = cast(a);
            b.capability(text(am, "capability", id));
            b.action(text(am, "type", id));
        } else {
            b.action(text(map, "action", id));
        }
        if (map.get("capability") != null) {
            b.capability(text(map, "capability", id));
        }
        b.tool(text(map, "tool", id));
        b.resource(text(map, "resource", id));
        b.environment(text(map, "environment", id));

        Object payload = map.get("payload");
        if (payload != null && !(payload instanceof Map)) {
            throw new InvalidEventException(id, "payload must be a JSON object");
        }
        b.payload(payload == null ? Map.of() : cast((Map<?, ?>) payload));

        for (String key : CONTEXT_KEYS) {
            copyIfPresent(map, key, context, key);
        }
        Object ctx = map.get("context");
        if (ctx != null && !(ctx instanceof Map)) {
            throw new InvalidEventException(id, "context must be a JSON object");
        }
        if (ctx != null) {
            context.putAll(cast((Map<?, ?>) ctx));
        }
        b.context(context);

        Object ts = map.get("timestamp");
        if (ts != null) {
            b.timestamp(timestamp(ts, id));
        }
        return b.build();
    }

    /** The JSON-like map form of an event, keys in the documented order. */
    public static Map<String, Object> toMap(ActionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("actor", e.actor());
        m.put("tool", e.tool());
        m.put("capability", e.capability());
        m.put("resource", e.resource());
        m.put("action", e.action());
        m.put("environment", e.environment());
        m.put("payload", e.payload());
        m.put("context", e.context());
        m.put("timestamp", e.timestamp().toString());
        return m;
    }

    /** The JSON text of an event. */
    public static String toJson(ActionEvent e) {
        return JSON.writeValueAsString(toMap(e));
    }

    private static Instant timestamp(Object ts, String id) {
        if (ts instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        try {
            return Instant.parse(ts.toString());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(id, "timestamp is not an ISO-8601 instant: " + ts);
        }
    }

    private static void copyIfPresent(Map<String, Object> from, String key, Map<String, Object> to, String as) {
        Object v = from.get(key);
        if (v != null) {
            to.put(as, v);
        }
    }

    private static String text(Map<String, Object> map, String key, String id) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new InvalidEventException(id, key + " must be a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
