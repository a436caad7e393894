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
        StringBuilder b = BUFFER.get();
        b.setLength(0);
        String text = write(value, b) ? b.toString() : null;
        if (b.capacity() > KEPT_CAPACITY) {
            BUFFER.remove(); // an outsized record does not pin its buffer to the thread
        }
        return text;
    }

    /** One buffer per thread, reused: a record's text then costs one copy, not a buffer regrown as it fills. */
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(4096));
    private static final int KEPT_CAPACITY = 1 << 16;

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
        int len = s.length();
        int first = 0;
        while (first < len && plain(s.charAt(first))) {
            first++;
        }
        if (first == len) { // the usual string: appended whole, which copies arrays instead of characters
            b.append(s).append('"');
            return true;
        }
        int run = 0; // start of the run of characters written as they are, appended in one go
        for (int i = first; i < len; i++) {
            char c = s.charAt(i);
            if (plain(c)) {
                continue;
            }
            b.append(s, run, i);
            run = i + 1;
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
        b.append(s, run, len);
        b.append('"');
        return true;
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }
}
