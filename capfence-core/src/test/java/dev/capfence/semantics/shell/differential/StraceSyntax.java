package dev.capfence.semantics.shell.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads strace's output syntax: syscall lines, C string literals, string arrays, -y path decorations. */
final class StraceSyntax {

    private StraceSyntax() {}

    /**
     * A syscall line split at its top level.
     *
     * @param args   argument texts, still quoted
     * @param result what follows {@code " = "}, e.g. {@code 3</tmp/x>} or {@code -1 ENOENT (...)}
     */
    record Call(String name, List<String> args, String result) {}

    /** The call on a line (timestamp already removed), or null when the line is no complete syscall. */
    static Call call(String text) {
        int open = text.indexOf('(');
        if (open <= 0 || !isName(text.substring(0, open))) {
            return null;
        }
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        int i = start;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '<') {
                int close = text.indexOf('>', i);   // a -y path: its own '<' and '>' come escaped
                i = close < 0 ? text.length() : close;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (i >= text.length()) {
            return null;
        }
        String last = text.substring(start, i).trim();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        int eq = text.indexOf(" = ", i);
        if (eq < 0) {
            return null;
        }
        return new Call(text.substring(0, open), args, text.substring(eq + 3).trim());
    }

    private static boolean isName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }

    /** Index of the closing quote of the string literal opening at {@code from}. */
    private static int endOfString(String text, int from) {
        int i = from + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, text.length());
    }

    /** A string argument {@code "..."} (possibly followed by strace's {@code ...} truncation mark), or null. */
    static String string(String token) {
        if (!token.startsWith("\"")) {
            return null;
        }
        int end = endOfString(token, 0);
        return unescape(token, 1, end);
    }

    /** A string array argument {@code ["a", "b"]}; empty for NULL or anything else. */
    static List<String> strings(String token) {
        List<String> out = new ArrayList<>();
        if (!token.startsWith("[")) {
            return out;
        }
        for (int i = 1; i < token.length(); i++) {
            if (token.charAt(i) == '"') {
                int end = endOfString(token, i);
                out.add(unescape(token, i + 1, end));
                i = end;
            } else if (token.charAt(i) == ']') {
                break;
            }
        }
        return out;
    }

    /**
     * The path in a -y decoration: {@code 3</srv/ws/x>} gives {@code /srv/ws/x}; null when there is none.
     * strace escapes '<' and '>' inside, so the first bare '>' closes it.
     */
    static String decoratedPath(String text) {
        int open = text.indexOf('<');
        if (open < 0) {
            return null;
        }
        int close = text.indexOf('>', open);
        return close < 0 ? null : unescape(text, open + 1, close);
    }

    /** Decodes C escapes (octal, \x, \n ...) into bytes, then reads them as UTF-8. */
    static String unescape(String s, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            if (n >= '0' && n <= '7') {
                int j = i + 1;
                int value = 0;
                while (j < to && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                    value = value * 8 + (s.charAt(j) - '0');
                    j++;
                }
                bytes.write(value);
                i = j;
            } else if (n == 'x' && i + 3 < to) {
                bytes.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                bytes.write(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'v' -> 0x0b;
                    case 'f' -> '\f';
                    case 'a' -> 0x07;
                    case 'b' -> '\b';
                    default -> n;
                });
                i += 2;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
