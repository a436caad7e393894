package dev.capfence.cli;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Short, terminal-safe text for what an action does: the command, query, path or URL when the payload has one,
 * else a compact {@code key=value} list. A recorded payload was written by a model: control and invisible
 * characters are shown escaped so they cannot move the cursor, recolour or reorder a reviewer's terminal.
 */
final class Summaries {

    /** The upstream default keys of the semantic conditions, most telling first. */
    private static final List<String> TELLING_KEYS = List.of("command", "cmd", "script", "sql", "query", "statement",
            "url", "uri", "endpoint", "path", "file", "filepath", "filename", "target", "directory", "root");

    static final int MAX = 80;

    private Summaries() {
    }

    static String payload(Map<String, Object> payload) {
        if (payload == null || payload.isEmpty()) {
            return "-";
        }
        for (String key : TELLING_KEYS) {
            if (payload.get(key) instanceof String s) {
                return shorten(safe(s));
            }
        }
        StringJoiner pairs = new StringJoiner(" ");
        payload.forEach((k, v) -> pairs.add(safe(k) + "=" + safe(value(v))));
        return shorten(pairs.toString());
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return Output.json(v);
        }
        return String.valueOf(v);
    }

    static String shorten(String s) {
        return shorten(s, MAX);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Escapes control, format (zero-width, bidi) and line-separator characters as {@code \n} or {@code \}{@code uXXXX}. */
    static String safe(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
