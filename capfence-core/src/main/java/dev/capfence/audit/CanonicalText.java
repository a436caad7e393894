package dev.capfence.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 text written straight from the value trees events and records are made of — maps with text keys, lists,
 * text without surrogates, booleans, null, and integers a JSON number holds exactly (|n| ≤ 2^53) — so the usual
 * record is not written by Jackson and read back by the canonicalizer. For such a tree the text is the one
 * {@link Canonical#ofJson} makes of Jackson's output; for anything else {@link #write} says no, and the caller takes
 * that longer way.
 */
final class CanonicalText {

    /** Integers up to here are doubles exactly, which RFC 8785 writes as their plain digits. */
    private static final long EXACT = 1L << 53;

    private CanonicalText() {
    }

    /**
     * The canonical text of {@code value}, or null when it holds something only the long way writes — a bare
     * scalar included, which the canonicalizer refuses: its document is an object or an array.
     */
    static String of(Object value) {
        if (!(value instanceof Map || value instanceof List)) {
            return null;
        }
        StringBuilder b = new StringBuilder(1024); // a decision record is about this long: no regrowing
        return write(value, b) ? b.toString() : null;
    }

    private static boolean write(Object v, StringBuilder b) {
        if (v == null) {
            b.append("null");
            return true;
        }
        if (v instanceof String s) {
            return string(s, b);
        }
        if (v instanceof Boolean x) {
            b.append(x.booleanValue());
            return true;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            if (n > EXACT || n < -EXACT) {
                return false; // written as the nearest double, which takes the canonicalizer's arithmetic
            }
            b.append(n);
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return object(m, b);
        }
        if (v instanceof List<?> list) {
            b.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                if (!write(item, b)) {
                    return false;
                }
            }
            b.append(']');
            return true;
        }
        return false;
    }

    /** Members sorted by key as UTF-16 code units, which is how String compares. */
    private static boolean object(Map<?, ?> m, StringBuilder b) {
        String[] keys = new String[m.size()];
        int n = 0;
        for (Object k : m.keySet()) {
            if (!(k instanceof String key)) {
                return false;
            }
            keys[n++] = key;
        }
        Arrays.sort(keys);
        b.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (!string(keys[i], b)) {
                return false;
            }
            b.append(':');
            if (!write(m.get(keys[i]), b)) {
                return false;
            }
        }
        b.append('}');
        return true;
    }

    /** RFC 8785 strings: the two-letter escapes, {@code \}{@code u00xx} for other controls, all else as it is. */
    private static boolean string(String s, StringBuilder b) {
        b.append('"');
        int plain = 0; // start of the run of characters written as they are, appended in one go
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            b.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        return false; // a lone surrogate is read differently by different readers: the long way decides
                    }
                }
            }
        }
        b.append(s, plain, s.length());
        b.append('"');
        return true;
    }
}
