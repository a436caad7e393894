package dev.capfence.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream CapFence's event shape, translated into the native one in one step before an event is read:
 * {@code actor: {id, role, tenant}} is the actor with {@code user_role} and {@code tenant} in the context,
 * {@code action: {capability, type}} is the capability and the action, and context keys written at the top level
 * ({@code tenant}, {@code user_role}, {@code caller_depth} …) are context. A value given in two places must agree.
 */
final class UpstreamEventShape {

    /** Top-level keys that are really context, as upstream events write them. */
    private static final List<String> CONTEXT_KEYS =
            List.of("tenant", "user_role", "caller_depth", "session_id", "risk_level", "trace_id");

    /**
     * An event in the native shape, and the context values upstream wrote outside {@code context} (the native reader
     * merges the event's own {@code context} into them).
     */
    record Native(Map<String, Object> event, Map<String, Object> context) {
    }

    private UpstreamEventShape() {
    }

    static Native translate(Map<String, Object> map, String id) {
        if (isNative(map)) {
            return new Native(map, Map.of());
        }
        Map<String, Object> out = new LinkedHashMap<>(map);
        Map<String, Object> context = new LinkedHashMap<>();
        if (map.get("actor") instanceof Map<?, ?> a) {
            Map<String, Object> actor = ActionEventJson.cast(a);
            out.put("actor", ActionEventJson.text(actor, "id", "actor.id", id));
            ActionEventJson.putOnce(context, "user_role", ActionEventJson.text(actor, "role", "actor.role", id), id);
            ActionEventJson.putOnce(context, "tenant", ActionEventJson.text(actor, "tenant", "actor.tenant", id), id);
        }
        if (map.get("action") instanceof Map<?, ?> a) {
            Map<String, Object> action = ActionEventJson.cast(a);
            String capability = ActionEventJson.text(action, "capability", "action.capability", id);
            out.put("action", ActionEventJson.text(action, "type", "action.type", id));
            Object given = map.get("capability");
            if (given == null) {
                out.put("capability", capability);
            } else if (given instanceof String s && capability != null && !s.equals(capability)) {
                throw new InvalidEventException(id, "capability is given twice with different values");
            }
            // a capability that is not a string is the native reader's to refuse
        }
        for (String key : CONTEXT_KEYS) {
            Object v = ActionEventJson.IDENTITY_CONTEXT_KEYS.contains(key)
                    ? ActionEventJson.text(map, key, key, id) : map.get(key);
            ActionEventJson.putOnce(context, key, v, id);
            out.remove(key);
        }
        return new Native(out, context);
    }

    /** Nothing to translate: the usual event, read without a copy. */
    private static boolean isNative(Map<String, Object> map) {
        if (map.get("actor") instanceof Map || map.get("action") instanceof Map) {
            return false;
        }
        for (String key : CONTEXT_KEYS) {
            if (map.containsKey(key)) {
                return false;
            }
        }
        return true;
    }
}
