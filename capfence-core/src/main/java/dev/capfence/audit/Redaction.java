package dev.capfence.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keys of an event's payload and context never reach the audit log: their values, at any depth, are
 * replaced by {@value #MARKER} before the record is hashed. Keys are compared ignoring case, {@code _} and
 * {@code -}, so {@code api_key} also covers {@code API-KEY} and {@code apiKey}; a name is matched whole
 * ({@code token} does not cover {@code access_token} — list it too).
 */
public final class Redaction {

    public static final String MARKER = "[REDACTED]";

    /** The default keys. */
    public static final Set<String> DEFAULT_KEYS =
            Set.of("password", "secret", "token", "api_key", "authorization", "card_number", "cvv");

    private static final Redaction NONE = new Redaction(Set.of());

    private final Set<String> keys; // normalized

    private Redaction(Collection<String> keys) {
        Set<String> normalized = new TreeSet<>();
        keys.forEach(k -> normalized.add(normalize(k)));
        this.keys = Set.copyOf(normalized);
    }

    public static Redaction defaults() {
        return new Redaction(DEFAULT_KEYS);
    }

    public static Redaction none() {
        return NONE;
    }

    public static Redaction of(Collection<String> keys) {
        return new Redaction(keys);
    }

    /** The defaults plus more keys. */
    public static Redaction defaultsPlus(Collection<String> more) {
        List<String> all = new ArrayList<>(DEFAULT_KEYS);
        all.addAll(more);
        return new Redaction(all);
    }

    public boolean redacts(String key) {
        return keys.contains(normalize(key));
    }

    /** A copy of a JSON-like map with every configured key's value replaced, at any depth. */
    public Map<String, Object> apply(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, redacts(k) ? MARKER : value(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object value(Object v) {
        if (keys.isEmpty()) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), redacts(String.valueOf(k)) ? MARKER : value(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(value(x)));
            return out;
        }
        return v;
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    @Override
    public String toString() {
        return "Redaction" + keys;
    }
}
