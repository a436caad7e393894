package dev.capfence.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An action an agent proposes: who wants to do what, where, with which arguments.
 * Immutable; the payload and context are deep, unmodifiable copies.
 */
public final class ActionEvent {

    private final String id;
    private final Instant timestamp;
    private final String actor;
    private final String tool;
    private final String resource;
    private final String action;
    private final String environment;
    private final String capability;
    private final boolean capabilityExplicit;
    private final Map<String, Object> payload;
    private final Map<String, Object> context;
    private final int depth;
    private final long estimatedBytes;

    private ActionEvent(Builder b) {
        this.id = b.id != null ? b.id : UUID.randomUUID().toString();
        this.timestamp = b.timestamp != null ? b.timestamp : Instant.now();
        this.actor = b.actor;
        this.tool = b.tool;
        this.resource = b.resource;
        this.action = b.action;
        this.environment = b.environment;
        this.capabilityExplicit = b.capability != null;
        this.capability = b.capability();
        Copier copier = new Copier(!b.readFromJson);
        this.payload = copier.copyMap(b.payload);
        this.context = copier.copyMap(b.context);
        this.depth = copier.deepest;
        this.estimatedBytes = copier.bytes;
    }

    /** The seed form: capability is derived as {@code resource.action[.environment]}. */
    public static ActionEvent create(String actor, String resource, String action, String environment,
                                     Map<String, ?> payload) {
        return builder().actor(actor).resource(resource).action(action).environment(environment)
                .payload(payload).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with every field of this event, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).timestamp(timestamp).actor(actor).tool(tool).resource(resource)
                .action(action).environment(environment).payload(payload).context(context);
        if (capabilityExplicit) {
            b.capability(capability);
        }
        return b;
    }

    private static String derive(String resource, String action, String environment) {
        if (isBlank(resource) || isBlank(action)) {
            return null;
        }
        String base = resource + "." + action;
        return isBlank(environment) ? base : base + "." + environment;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    public String id() { return id; }
    public Instant timestamp() { return timestamp; }
    public String actor() { return actor; }
    public String tool() { return tool; }
    public String resource() { return resource; }
    public String action() { return action; }
    public String environment() { return environment; }
    /** The capability, explicit or derived; {@code null} when neither is possible. */
    public String capability() { return capability; }
    public Map<String, Object> payload() { return payload; }
    public Map<String, Object> context() { return context; }

    /** The nesting depth of this event's JSON form (the event is 1, its payload 2 …), up to just past the ceiling. */
    int depth() { return depth; }

    /** About how many bytes the payload and context take as JSON text. */
    long estimatedBytes() { return estimatedBytes; }

    /** Why this event cannot be evaluated, or {@code null} when it is well-formed. */
    public String invalidReason() {
        if (isBlank(actor)) {
            return "event has no actor";
        }
        if (isBlank(capability)) {
            return "event has no capability and no resource/action";
        }
        for (String key : new String[] {"tenant", "user_role"}) {
            Object v = context.get(key);
            if (v != null && !(v instanceof String)) {
                return "context." + key + " must be a string";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ActionEvent{id=" + id + ", actor=" + actor + ", capability=" + capability + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ActionEvent e)) return false;
        return id.equals(e.id) && timestamp.equals(e.timestamp) && Objects.equals(actor, e.actor)
                && Objects.equals(tool, e.tool) && Objects.equals(resource, e.resource)
                && Objects.equals(action, e.action) && Objects.equals(environment, e.environment)
                && Objects.equals(capability, e.capability) && payload.equals(e.payload)
                && context.equals(e.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, actor, capability);
    }

    /**
     * Copies payload and context into unmodifiable maps and lists, measuring on the way how deep they nest and
     * about how large their JSON text is. Content past {@link EventLimits#DEPTH_CEILING} is not copied (a map
     * that contains itself would otherwise never end): such an event is over every depth limit and is denied.
     */
    private static final class Copier {
        /** False for maps the event reader made: unmodifiable all the way down already, only measured. */
        private final boolean copies;
        int deepest = 1;
        long bytes;

        Copier(boolean copies) {
            this.copies = copies;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> copyMap(Map<String, ?> map) {
            if (map == null || map.isEmpty()) {
                deepest = Math.max(deepest, 2);
                bytes += 2;
                return Map.of();
            }
            if (!copies) {
                map.forEach((k, v) -> key(k, v, 2));
                bytes += 2;
                deepest = Math.max(deepest, 2);
                return (Map<String, Object>) map;
            }
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "payload keys must not be null"), key(k, v, 2)));
            bytes += 2;
            deepest = Math.max(deepest, 2);
            return Collections.unmodifiableMap(copy);
        }

        private Object key(String k, Object v, int level) {
            bytes += EventLimits.utf8Length(k) + 4; // quotes, colon, comma
            return copyValue(v, level);
        }

        /** {@code level} is the depth of the container {@code v} sits in. */
        private Object copyValue(Object v, int level) {
            if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof Object[]) {
                int inner = level + 1;
                deepest = Math.max(deepest, inner);
                bytes += 2;
                if (inner > EventLimits.DEPTH_CEILING) {
                    return v instanceof Map<?, ?> ? Map.of() : List.of();
                }
                if (!copies) {
                    measure(v, inner);
                    return v;
                }
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, x) -> {
                        String key = String.valueOf(k);
                        copy.put(key, key(key, x, inner));
                    });
                    return Collections.unmodifiableMap(copy);
                }
                List<?> l = v instanceof Object[] a ? java.util.Arrays.asList(a) : (List<?>) v;
                List<Object> copy = new ArrayList<>(l.size());
                for (Object x : l) {
                    bytes++; // the comma
                    copy.add(copyValue(x, inner));
                }
                return Collections.unmodifiableList(copy);
            }
            bytes += scalarBytes(v);
            return v;
        }

        /** What {@link #copyValue} counts of a map or list the reader made, without copying it. */
        private void measure(Object v, int inner) {
            if (v instanceof Map<?, ?> m) {
                m.forEach((k, x) -> key((String) k, x, inner));
            } else {
                for (Object x : (List<?>) v) {
                    bytes++; // the comma
                    copyValue(x, inner);
                }
            }
        }

        /** No more than the value's JSON text takes, so an event read from JSON within the limit stays within it. */
        private static long scalarBytes(Object v) {
            if (v instanceof CharSequence s) {
                return EventLimits.utf8Length(s) + 2;
            }
            if (v == null) {
                return 4;
            }
            if (v instanceof Boolean b) {
                return b ? 4 : 5;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                long n = ((Number) v).longValue();
                long digits = n < 0 ? 2 : 1;
                for (long rest = Math.abs(n / 10); rest > 0; rest /= 10) {
                    digits++;
                }
                return digits;
            }
            if (v instanceof java.math.BigDecimal d) {
                return d.precision() + (d.signum() < 0 ? 1L : 0L);
            }
            if (v instanceof java.math.BigInteger i) {
                return i.bitLength() * 3L / 10 + 1;
            }
            return 8; // a double, or an odd object: small
        }
    }

    /** Builds an {@link ActionEvent}; every field is optional, validity is judged at evaluation. */
    public static final class Builder {
        private String id;
        private Instant timestamp;
        private String actor;
        private String tool;
        private String resource;
        private String action;
        private String environment;
        private String capability;
        private Map<String, ?> payload;
        private Map<String, ?> context;
        private boolean readFromJson;

        private Builder() {
        }

        /**
         * The payload and context given are the event reader's own unmodifiable maps, with lists, strings, numbers,
         * booleans and nulls inside, and nothing else holds them: they are measured, not copied.
         */
        Builder readFromJson() {
            this.readFromJson = true;
            return this;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder timestamp(Instant timestamp) { this.timestamp = timestamp; return this; }
        public Builder actor(String actor) { this.actor = actor; return this; }
        public Builder tool(String tool) { this.tool = tool; return this; }
        public Builder resource(String resource) { this.resource = resource; return this; }
        public Builder action(String action) { this.action = action; return this; }
        public Builder environment(String environment) { this.environment = environment; return this; }
        public Builder capability(String capability) { this.capability = capability; return this; }
        public Builder payload(Map<String, ?> payload) { this.payload = payload; return this; }
        public Builder context(Map<String, ?> context) { this.context = context; return this; }

        /** The tool named so far, or null. */
        public String tool() {
            return tool;
        }

        /** Whether an environment was named. */
        public boolean hasEnvironment() {
            return environment != null;
        }

        /** The capability the built event will have: the explicit one, else derived from resource, action, environment. */
        public String capability() {
            return capability != null ? capability : derive(resource, action, environment);
        }

        public ActionEvent build() {
            return new ActionEvent(this);
        }
    }
}
