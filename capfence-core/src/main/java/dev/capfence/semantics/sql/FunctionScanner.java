package dev.capfence.semantics.sql;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the functions a statement text calls, each named as the database decodes the name.
 *
 * <p>A call is a name followed by an opening parenthesis, outside string literals (comments are already
 * blanked by {@link SqlLexer}). This reads the text, not JSqlParser's tree, because JSqlParser does not
 * decode names: it reads {@code U&"FILE_\0057RITE"(...)} as {@code U & "FILE_\0057RITE"(...)}, a
 * bitwise AND, while H2 and PostgreSQL call {@code FILE_WRITE}. A name is decoded part by part:
 * {@code "a""b"} is {@code a"b}, {@code U&"...\XXXX..."} and {@code \+XXXXXX} escapes (with
 * {@code UESCAPE 'c'}) are undone, back-quoted parts are unquoted, and white space around the dots of a
 * qualified name is allowed, as the databases allow it. Both the qualified name and its last part are
 * listed, lower-cased: {@code PUBLIC.FILE_WRITE(} lists {@code public.file_write} and {@code file_write}.
 *
 * <p>Reading text over-approximates on purpose: a column list after a table name
 * ({@code CREATE TABLE t (...)}) or a type length ({@code VARCHAR(10)}) may be listed as well, which can
 * only make a deny rule hold more often and an allow rule less often.
 */
final class FunctionScanner {

    /**
     * @param names   the lower-cased names called, qualified and unqualified; sorted
     * @param problem why a name could not be decoded (a malformed escape), else null
     * @param decoded the text with each {@code U&"..." [UESCAPE 'c']} name written as the plain quoted name
     *                it stands for, which JSqlParser reads (it does not know the Unicode form)
     */
    record Result(Set<String> names, String problem, String decoded) {}

    /** Key words that take a parenthesis without being functions: {@code IN (1, 2)}, {@code VALUES (1)}. */
    private static final Set<String> SYNTAX = Set.of("all", "and", "any", "array", "as", "between", "by", "case",
            "check", "default", "else", "except", "exists", "filter", "foreign", "from", "group", "having", "in",
            "intersect", "into", "is", "join", "key", "lateral", "like", "limit", "not", "offset", "on", "or",
            "order", "over", "primary", "returning", "select", "set", "some", "table", "then", "union", "unique",
            "using", "values", "when", "where", "with", "within");
    /**
     * Key words after which a name and a parenthesis are no call: a table and its columns
     * ({@code INSERT INTO t (a)}), a prepared statement and its types ({@code PREPARE p (int)}).
     */
    private static final Set<String> NOT_CALLED_AFTER = Set.of("into", "table", "references", "view", "prepare");

    private final String text;
    private final boolean backslashEscapes;
    private final Set<String> names = new TreeSet<>();
    private final StringBuilder decoded = new StringBuilder();
    private int copiedUpTo;
    private String problem;
    private int i;

    private FunctionScanner(String text, boolean backslashEscapes) {
        this.text = text;
        this.backslashEscapes = backslashEscapes;
    }

    /**
     * Scans one statement text whose comments are blanked. {@code backslashEscapes} tells whether a
     * backslash escapes a quote in a string literal (MySQL's reading).
     */
    static Result scan(String text, boolean backslashEscapes) {
        FunctionScanner s = new FunctionScanner(text, backslashEscapes);
        s.run();
        String decoded = s.copiedUpTo == 0 ? text : s.decoded.append(text, s.copiedUpTo, text.length()).toString();
        return new Result(s.names, s.problem, decoded);
    }

    private void run() {
        int n = text.length();
        String previousWord = null;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                if (!skipLiteral()) {
                    return; // unterminated: the lexer reported it
                }
                previousWord = null;
            } else if (c == '$' && !backslashEscapes && SqlLexer.dollarTagEnd(text, i) > 0) {
                int tagEnd = SqlLexer.dollarTagEnd(text, i);
                int close = text.indexOf(text.substring(i, tagEnd), tagEnd);
                if (close < 0) {
                    return;
                }
                i = close + (tagEnd - i);
                previousWord = null;
            } else if (startsName(c)) {
                int start = i;
                Name name = name();
                if (name == null) {
                    return;
                }
                if (name.literalPrefix) {
                    previousWord = null; // E'...', N'...', X'...': the literal follows
                    continue;
                }
                skipWhitespace();
                if (i < n && text.charAt(i) == '(' && isCall(name, previousWord)) {
                    names.add(name.qualified);
                    names.add(name.last);
                }
                previousWord = name.parts == 1 && !name.quoted ? name.last : null;
                if (i == start) {
                    i++; // never loop on a character no rule consumed
                }
            } else {
                previousWord = null;
                i++;
            }
        }
    }

    private static boolean isCall(Name name, String previousWord) {
        if (name.parts == 1 && !name.quoted && SYNTAX.contains(name.last)) {
            return false;
        }
        return previousWord == null || !NOT_CALLED_AFTER.contains(previousWord);
    }

    private boolean startsName(char c) {
        return c == '"' || c == '`' || startsWord(c);
    }

    /** MySQL, which has no dollar quotes, lets a name start with {@code $}: {@code $$x(} calls {@code $$x}. */
    private boolean startsWord(char c) {
        return Character.isLetter(c) || c == '_' || (c == '$' && backslashEscapes);
    }

    /** A possibly qualified name read from {@link #i}; null when its text ends in a broken quote or escape. */
    private Name name() {
        StringBuilder qualified = new StringBuilder();
        String last = null;
        int parts = 0;
        boolean quoted = false;
        while (true) {
            String part;
            char c = text.charAt(i);
            if (c == '"' || c == '`') {
                part = quoted(c, false);
                quoted = true;
            } else if ((c == 'U' || c == 'u') && i + 2 < text.length() && text.charAt(i + 1) == '&'
                    && text.charAt(i + 2) == '"') {
                int start = i;
                i += 2;
                part = quoted('"', true);
                quoted = true;
                if (part != null) {
                    decoded.append(text, copiedUpTo, start).append('"').append(part.replace("\"", "\"\"")).append('"');
                    copiedUpTo = i;
                }
            } else if (startsWord(c)) {
                int start = i;
                while (i < text.length() && isNamePart(text.charAt(i))) {
                    i++;
                }
                part = text.substring(start, i);
                if (parts == 0 && i < text.length() && text.charAt(i) == '\'') {
                    return new Name(part, part, 1, false, true);
                }
            } else {
                break; // a dot followed by something that is no name: stop at the dot
            }
            if (part == null) {
                return null;
            }
            part = part.toLowerCase(Locale.ROOT);
            if (parts > 0) {
                qualified.append('.');
            }
            qualified.append(part);
            last = part;
            parts++;
            int afterPart = i;
            skipWhitespace();
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                skipWhitespace();
                if (i >= text.length() || !startsName(text.charAt(i))) {
                    break;
                }
            } else {
                i = afterPart;
                break;
            }
        }
        return last == null ? null : new Name(qualified.toString(), last, parts, quoted, false);
    }

    /** The content of a quoted name at {@link #i}; for {@code U&"..."} with escapes undone. Null if broken. */
    private String quoted(char quote, boolean unicode) {
        int end = SqlLexer.quotedEnd(text, i, false);
        if (end < 0) {
            return null;
        }
        String body = text.substring(i + 1, end - 1).replace(String.valueOf(quote) + quote, String.valueOf(quote));
        i = end;
        if (!unicode) {
            return body;
        }
        char escape = '\\';
        int afterName = i;
        skipWhitespace();
        if (text.regionMatches(true, i, "UESCAPE", 0, 7) && (i + 7 >= text.length() || !isNamePart(text.charAt(i + 7)))) {
            i += 7;
            skipWhitespace();
            int close = i < text.length() && text.charAt(i) == '\'' ? SqlLexer.quotedEnd(text, i, false) : -1;
            if (close != i + 3) {
                problem = "UESCAPE takes one character in quotes";
                return null;
            }
            escape = text.charAt(i + 1);
            i = close;
        } else {
            i = afterName;
        }
        return decodeUnicode(body, escape);
    }

    /** Undoes {@code \XXXX}, {@code \+XXXXXX} and a doubled escape character, as H2 and PostgreSQL do. */
    private String decodeUnicode(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c != escape) {
                out.append(c);
            } else if (k + 1 < body.length() && body.charAt(k + 1) == escape) {
                out.append(escape);
                k++;
            } else if (k + 1 < body.length() && body.charAt(k + 1) == '+' && isHex(body, k + 2, 6)) {
                int cp = Integer.parseInt(body.substring(k + 2, k + 8), 16);
                if (!Character.isValidCodePoint(cp)) {
                    problem = "invalid Unicode escape in a U&\"...\" name";
                    return null;
                }
                out.appendCodePoint(cp);
                k += 7;
            } else if (isHex(body, k + 1, 4)) {
                out.append((char) Integer.parseInt(body.substring(k + 1, k + 5), 16));
                k += 4;
            } else {
                problem = "invalid Unicode escape in a U&\"...\" name";
                return null;
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean skipLiteral() {
        int end = SqlLexer.quotedEnd(text, i, backslashEscapes);
        if (end < 0) {
            return false;
        }
        i = end;
        return true;
    }

    private void skipWhitespace() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * @param literalPrefix true for the letters before a literal ({@code E'x'}), which name nothing
     */
    private record Name(String qualified, String last, int parts, boolean quoted, boolean literalPrefix) {}
}
