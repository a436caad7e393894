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
        this.payload = deepCopy(b.payload);
        this.context = deepCopy(b.context);
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

    /** Why this event cannot be evaluated, or {@code null} when it is well-formed. */
    public String invalidReason() {
        if (isBlank(actor)) {
            return "event has no actor";
        }
        if (isBlank(capability)) {
            return "event has no capability and no resource/action";
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "payload keys must not be null"), copyValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), copyValue(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object x : l) {
                copy.add(copyValue(x));
            }
            return Collections.unmodifiableList(copy);
        }
        if (v instanceof Object[] a) {
            return copyValue(java.util.Arrays.asList(a));
        }
        return v;
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

        private Builder() {
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

        /** The capability the built event will have: the explicit one, else derived from resource, action, environment. */
        public String capability() {
            return capability != null ? capability : derive(resource, action, environment);
        }

        public ActionEvent build() {
            return new ActionEvent(this);
        }
    }
}
