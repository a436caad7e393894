package dev.capfence.audit;


import java.util.Collection;
import java.util.Map;

/** Spots payload values the audit sink replaced before writing, so a replay on them is flagged, not trusted. */
final class RedactedValues {

    private RedactedValues() {
    }

    static boolean in(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(RedactedValues::in);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(RedactedValues::in);
        }
        return Redaction.MARKER.equals(value);
    }
}
