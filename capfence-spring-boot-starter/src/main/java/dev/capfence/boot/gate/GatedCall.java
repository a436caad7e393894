package dev.capfence.boot.gate;

import dev.capfence.boot.RefusedCall;
import dev.capfence.event.ActionEvent;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One call to decide, as a route describes it to {@link GatedCalls}: the event's envelope (tool, capability,
 * resource, action, environment), the actor when the route knows it, the payload, what the caller expects back and
 * the route's default refusal. Public for the integrations (Spring AI, MCP); applications use {@code @GatedAction}.
 */
public final class GatedCall {

    final RefusedCall.Route route;
    final ActionEvent.Builder envelope;
    final String actor;
    final Map<String, Object> payload;
    final String unreadable;
    final Class<?> returnType;
    final Method method;
    final Method decidedFor;
    final Function<RefusedCall, Object> routeDefault;

    private GatedCall(Builder b) {
        this.route = Objects.requireNonNull(b.route, "route");
        this.envelope = Objects.requireNonNull(b.envelope, "envelope");
        this.actor = b.actor != null && !b.actor.isBlank() ? b.actor : null;
        this.payload = b.payload;
        this.unreadable = b.unreadable;
        this.returnType = b.returnType;
        this.method = b.method;
        this.decidedFor = b.decidedFor;
        this.routeDefault = Objects.requireNonNull(b.routeDefault, "routeDefault");
        if (payload == null && unreadable == null) {
            throw new IllegalArgumentException("a gated call needs a payload, or the reason it could not be read");
        }
    }

    /**
     * A call of the tool described by {@code envelope} (its tool name, capability, resource, action and, when the
     * route fixes it, environment), refused by default with {@code routeDefault}.
     */
    public static Builder of(RefusedCall.Route route, ActionEvent.Builder envelope,
                             Function<RefusedCall, Object> routeDefault) {
        return new Builder(route, envelope, routeDefault);
    }

    String toolName() {
        return envelope.tool();
    }

    public static final class Builder {
        private final RefusedCall.Route route;
        private final ActionEvent.Builder envelope;
        private final Function<RefusedCall, Object> routeDefault;
        private String actor;
        private Map<String, Object> payload;
        private String unreadable;
        private Class<?> returnType = Object.class;
        private Method method;
        private Method decidedFor;

        private Builder(RefusedCall.Route route, ActionEvent.Builder envelope,
                        Function<RefusedCall, Object> routeDefault) {
            this.route = route;
            this.envelope = envelope;
            this.routeDefault = routeDefault;
        }

        /** The actor the route names (a tool context's); null or blank: the application's current actor. */
        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        public Builder payload(Map<String, Object> payload) {
            this.payload = payload;
            return this;
        }

        /** The input could not be read as a payload: the call is denied as an invalid event, for this reason. */
        public Builder unreadable(String reason) {
            this.unreadable = reason;
            return this;
        }

        /** What the caller expects back; values that complete later are decided now, recorded when done. */
        public Builder returns(Class<?> type) {
            this.returnType = type;
            return this;
        }

        /** The gated method, for a refusal handler that looks at it. */
        public Builder method(Method method) {
            this.method = method;
            return this;
        }

        /**
         * This decision stands for a call of {@code method} (a {@code @GatedAction} method run as a tool): its advisor
         * takes it instead of deciding the same call again.
         */
        public Builder decidedFor(Method method) {
            this.decidedFor = method;
            return this;
        }

        public GatedCall build() {
            return new GatedCall(this);
        }
    }
}
