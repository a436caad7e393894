package dev.capfence.boot.gate;

import dev.capfence.boot.ActionParam;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Turns a method's arguments into the event payload, keyed by parameter name. */
final class ArgumentMapper {

    // Our own mapper: the application's JsonMapper may be customised for its HTTP API, and there may be several.
    private final JsonMapper mapper = JsonMapper.builder().build();

    Map<String, Object> payload(Method method, Object[] args) {
        Parameter[] params = method.getParameters();
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            ActionParam ap = params[i].getAnnotation(ActionParam.class);
            if (ap != null && ap.exclude()) {
                continue;
            }
            String name = ap != null && !ap.name().isEmpty() ? ap.name() : params[i].getName();
            payload.put(name, toPlain(args[i]));
        }
        return payload;
    }

    /** Scalars stay as they are; records, POJOs and collections become maps and lists. */
    private Object toPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        // A failure propagates: the call is refused rather than decided on a payload missing a value.
        return mapper.convertValue(value, Object.class);
    }
}
