package dev.capfence.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders inline rules, as Spring bound them, back to block YAML so the core parses and validates them exactly
 * like a policy file (one key per line, so problems carry a useful line). Spring binds every scalar as a string
 * and may bind a list as a map keyed "0", "1" …; both are undone here.
 */
final class PolicyYaml {

    private static final Pattern PLAIN = Pattern.compile("-?\\d+(\\.\\d+)?|true|false");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern INDEX = Pattern.compile("\\d+");

    private PolicyYaml() {
    }

    static String render(Map<String, Object> doc) {
        StringBuilder out = new StringBuilder();
        writeMap(out, doc, 0);
        return out.toString();
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int indent) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
            writeValue(out, normalize(e.getValue()), indent + 2);
        }
    }

    private static void writeValue(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            writeMap(out, m, indent);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            for (Object item : l) {
                out.append(" ".repeat(indent)).append("- ");
                Object v = normalize(item);
                if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                    writeItemMap(out, m, indent + 2);
                } else {
                    writeScalarOrEmpty(out, v, indent + 2);
                }
            }
        } else {
            out.append(' ');
            writeScalarOrEmpty(out, value, indent);
        }
    }

    /** A mapping inside a list item: its first key sits on the "- " line. */
    private static void writeItemMap(StringBuilder out, Map<?, ?> m, int indent) {
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(key(e.getKey())).append(':');
            writeValue(out, normalize(e.getValue()), indent + 2);
        }
    }

    private static void writeScalarOrEmpty(StringBuilder out, Object v, int indent) {
        if (v instanceof Map<?, ?>) {
            out.append("{}\n");
        } else if (v instanceof List<?>) {
            out.append("[]\n");
        } else if (v == null) {
            out.append("null\n");
        } else {
            out.append(quote(String.valueOf(v))).append('\n');
        }
    }

    private static String key(Object key) {
        String k = String.valueOf(key);
        return KEY.matcher(k).matches() ? k : quote(k);
    }

    /** Numbers and booleans stay plain (the user wrote them so); everything else is a JSON-style string. */
    private static String quote(String s) {
        if (PLAIN.matcher(s).matches()) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A map whose keys are all indexes is a list Spring flattened. */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()
                && m.keySet().stream().allMatch(k -> INDEX.matcher(String.valueOf(k)).matches())) {
            Map<Integer, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(Integer.valueOf(String.valueOf(k)), v));
            return new ArrayList<>(sorted.values());
        }
        return value;
    }
}
