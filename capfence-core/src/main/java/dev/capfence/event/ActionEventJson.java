package dev.capfence.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON form of an {@link ActionEvent} (snake_case keys). Also reads upstream CapFence's
 * shape ({@code actor: {id, role}}, {@code action: {capability}}, context keys at the top level), which
 * {@link UpstreamEventShape} translates first.
 */
public final class ActionEventJson {

    /** Context keys that say who acts or for whom: strings only, like actor and tool. */
    static final List<String> IDENTITY_CONTEXT_KEYS = List.of("tenant", "user_role");


    private ActionEventJson() {
    }

    /**
     * Parses one JSON document into an event within the {@linkplain EventLimits#DEFAULTS default limits}; throws
     * {@link InvalidEventException} when it is not one (a duplicate key included), {@link PayloadTooLargeException}
     * when it is over a limit.
     */
    public static ActionEvent parse(String json) {
        return parse(json, EventLimits.DEFAULTS);
    }

    /** Parses one JSON document into an event within these limits; see {@link #parse(String)}. */
    public static ActionEvent parse(String json, EventLimits limits) {
        return fromTree(new EventJsonReader(limits).read(json));
    }

    /**
     * Parses one JSON document of UTF-8 bytes (no byte-order mark) into an event within these limits; bytes that are
     * not UTF-8 make it an {@link InvalidEventException}. Otherwise as {@link #parse(String)}.
     */
    public static ActionEvent parse(byte[] utf8, EventLimits limits) {
        return fromTree(new EventJsonReader(limits).read(utf8));
    }

    private static ActionEvent fromTree(Object tree) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidEventException(null, "event must be a JSON object");
        }
        return fromMap(cast(map), true);
    }

    /**
     * A payload given as JSON text on its own (a tool call's arguments), read as event text is: a duplicate key or
     * a document that is not an object is an {@link InvalidEventException}, numbers are exact, limits hold.
     */
    public static Map<String, Object> parsePayload(String json, EventLimits limits) {
        Object tree = new EventJsonReader(limits).read(json);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidEventException(null, "payload must be a JSON object");
        }
        return cast(map);
    }

    /** Reads an event from its JSON-like map form, native or upstream. */
    public static ActionEvent fromMap(Map<String, Object> json) {
        return fromMap(json, false);
    }

    /** {@code readHere}: the map is {@link EventJsonReader}'s, whose payload the event may keep without a copy. */
    private static ActionEvent fromMap(Map<String, Object> json, boolean readHere) {
        String id = id(json);
        UpstreamEventShape.Native translated = UpstreamEventShape.translate(json, id);
        Map<String, Object> map = translated.event();
        ActionEvent.Builder b = ActionEvent.builder().id(id);
        b.actor(text(map, "actor", id));
        b.capability(text(map, "capability", id));
        b.action(text(map, "action", id));
        b.tool(text(map, "tool", id));
        b.resource(text(map, "resource", id));
        b.environment(text(map, "environment", id));

        Object payload = map.get("payload");
        if (payload != null && !(payload instanceof Map)) {
            throw new InvalidEventException(id, "payload must be a JSON object");
        }
        b.payload(payload == null ? Map.of() : cast((Map<?, ?>) payload));

        Map<String, Object> context = new LinkedHashMap<>(translated.context());
        Object ctx = map.get("context");
        if (ctx != null && !(ctx instanceof Map)) {
            throw new InvalidEventException(id, "context must be a JSON object");
        }
        if (ctx != null) {
            Map<String, Object> given = cast((Map<?, ?>) ctx);
            for (Map.Entry<String, Object> e : given.entrySet()) {
                Object v = IDENTITY_CONTEXT_KEYS.contains(e.getKey())
                        ? text(given, e.getKey(), "context." + e.getKey(), id) : e.getValue();
                putOnce(context, e.getKey(), v, id);
            }
        }
        if (readHere) {
            b.context(Collections.unmodifiableMap(context)).readFromJson();
        } else {
            b.context(context);
        }

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
        m.put("timestamp", Timestamps.iso(e.timestamp()));
        return m;
    }

    /** The JSON text of an event. */
    public static String toJson(ActionEvent e) {
        Map<String, Object> map = toMap(e);
        StringBuilder text = new StringBuilder(256);
        // an odd object in the payload: the whole event as the mapper writes it
        return write(map, text) ? text.toString() : Mapper.JSON.writeValueAsString(map);
    }

    /** Made when first needed: events of JSON values are written here directly, and a mapper is slow to start. */
    private static final class Mapper {
        static final JsonMapper JSON = JsonMapper.builder().build();
    }

    /**
     * The mapper's compact text of a JSON-like value: keys in map order, its escapes, numbers as their toString.
     * False, with {@code b} half written, on a value only the mapper knows how to write.
     */
    private static boolean write(Object v, StringBuilder b) {
        if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false;
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(key, b);
                b.append(':');
                if (!write(e.getValue(), b)) {
                    return false;
                }
            }
            b.append('}');
            return true;
        }
        if (v instanceof List<?> l) {
            b.append('[');
            boolean first = true;
            for (Object x : l) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                if (!write(x, b)) {
                    return false;
                }
            }
            b.append(']');
            return true;
        }
        if (v instanceof String s) {
            string(s, b);
            return true;
        }
        // a double only when finite: the mapper quotes NaN and the infinities
        if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigDecimal
                || v instanceof BigInteger || v instanceof Double d && Double.isFinite(d)) {
            b.append(v); // its toString is its JSON
            return true;
        }
        return false;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Quote, backslash and control characters escaped as the mapper escapes them; everything else as it is. */
    private static void string(String s, StringBuilder b) {
        b.append('"');
        int len = s.length();
        int run = 0; // start of the characters written as they are, appended in one go
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        if (run == 0) {
            b.append(s); // the usual string: copied whole
        } else {
            b.append(s, run, len);
        }
        b.append('"');
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

    /**
     * Puts a context value that may be given in more than one place (top level, {@code actor}, {@code context}):
     * the same value twice is fine, two different values are an invalid event — which one a reader took would
     * decide who the action is for.
     */
    static void putOnce(Map<String, Object> context, String key, Object value, String id) {
        if (value == null) {
            return;
        }
        Object earlier = context.putIfAbsent(key, value);
        if (earlier != null && !earlier.equals(value)) {
            throw new InvalidEventException(id, key + " is given twice with different values");
        }
    }

    private static String text(Map<String, Object> map, String key, String id) {
        return text(map, key, key, id);
    }

    /** A field that names who or what: a string or absent; a number, list, object or boolean is refused. */
    static String text(Map<String, Object> map, String key, String name, String id) {
        Object v = map.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new InvalidEventException(id, name + " must be a string, not " + kind(v));
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof java.util.List) {
            return "an array";
        }
        return v instanceof Boolean ? "a boolean" : "a number";
    }

    /** The id may be a number in upstream events; any other kind is refused. */
    private static String id(Map<String, Object> map) {
        Object v = map.get("id");
        if (v instanceof Number n) {
            return n.toString();
        }
        return text(map, "id", null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
