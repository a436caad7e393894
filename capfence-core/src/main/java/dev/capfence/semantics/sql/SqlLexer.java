package dev.capfence.semantics.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at the semicolons a database would see, before any parsing.
 *
 * <p>We split ourselves rather than trust JSqlParser's script grammar because where a statement
 * ends is a lexical question whose answer depends on the dialect (which quotes exist, whether a
 * backslash escapes, what starts a comment), and an evasion lives exactly in such a disagreement:
 * JSqlParser, for example, reads Oracle's {@code q'[...]'} greedily and so swallows
 * {@code SELECT q'[x]'; DROP TABLE t; SELECT ']'} into one SELECT.
 *
 * <p>Each piece comes back with its comments replaced by a space (so the parser sees what the
 * database executes) and with MySQL's executable comments {@code /*! ... *}{@code /} unwrapped, since
 * MySQL runs their content. String literals and quoted identifiers are kept verbatim.
 */
final class SqlLexer {

    /** The lexical rules a reading applies. */
    enum Dialect {
        /**
         * ANSI / PostgreSQL: {@code ''} escapes, {@code $tag$} quoting, {@code --} always a comment,
         * nested block comments.
         */
        STANDARD,
        /**
         * MySQL / MariaDB: backslash escapes in {@code '...'} and {@code "..."}, {@code #} comments,
         * {@code --} a comment only before white space, no dollar quoting, block comments end at the
         * first close.
         */
        MYSQL
    }

    /**
     * @param pieces   the statement texts, comments blanked, empty ones dropped
     * @param problems lexical errors (unterminated literal or comment)
     * @param maxDepth the deepest parenthesis nesting seen outside literals
     */
    record Result(List<String> pieces, List<String> problems, int maxDepth) {}

    private SqlLexer() {
    }

    static Result split(String sql, Dialect dialect) {
        boolean mysql = dialect == Dialect.MYSQL;
        List<String> pieces = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        int maxDepth = 0;
        boolean inExecutableComment = false;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"' || c == '`') {
                int end = quotedEnd(sql, i, mysql && c != '`');
                if (end < 0) {
                    problems.add("unterminated " + (c == '\'' ? "string literal" : "quoted identifier"));
                    current.append(sql, i, n);
                    break;
                }
                current.append(sql, i, end);
                i = end;
            } else if (c == '$' && !mysql && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                if (close < 0) {
                    problems.add("unterminated dollar-quoted string");
                    current.append(sql, i, n);
                    break;
                }
                current.append(sql, i, close + tag.length());
                i = close + tag.length();
            } else if (isLineComment(sql, i, mysql)) {
                // PostgreSQL ends a line comment at \r as well as \n: "-- c\rDROP TABLE t" drops.
                current.append(' ');
                i = lineEnd(sql, i);
            } else if (c == '/' && next == '*') {
                int bodyStart = executableCommentBody(sql, i);
                if (bodyStart > 0 && !inExecutableComment) {
                    // MySQL and MariaDB execute the body of /*! ... */: read it as code.
                    inExecutableComment = true;
                    current.append(' ');
                    i = bodyStart;
                } else {
                    int end = blockCommentEnd(sql, i, !mysql);
                    if (end < 0) {
                        problems.add("unterminated block comment");
                        break;
                    }
                    current.append(' ');
                    i = end;
                }
            } else if (c == '*' && next == '/' && inExecutableComment) {
                inExecutableComment = false;
                current.append(' ');
                i += 2;
            } else if (c == ';') {
                addPiece(pieces, current);
                i++;
            } else {
                if (c == '(') {
                    maxDepth = Math.max(maxDepth, ++depth);
                } else if (c == ')' && depth > 0) {
                    depth--;
                }
                current.append(c);
                i++;
            }
        }
        if (inExecutableComment) {
            problems.add("unterminated executable comment");
        }
        addPiece(pieces, current);
        return new Result(pieces, problems, maxDepth);
    }

    private static void addPiece(List<String> pieces, StringBuilder current) {
        String piece = current.toString().strip();
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        current.setLength(0);
    }

    private static int lineEnd(String sql, int i) {
        int n = sql.length();
        int j = i;
        while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /**
     * Index just past the block comment opening at {@code i}, or -1 when it never closes.
     * PostgreSQL and the SQL standard nest block comments; MySQL ends at the first close. Each
     * reading applies its own rule, so a comment that hides a statement from one is seen by the other.
     */
    private static int blockCommentEnd(String sql, int i, boolean nested) {
        int n = sql.length();
        int depth = 1;
        int j = i + 2;
        while (j + 1 < n) {
            if (sql.charAt(j) == '*' && sql.charAt(j + 1) == '/') {
                if (--depth == 0) {
                    return j + 2;
                }
                j += 2;
            } else if (nested && sql.charAt(j) == '/' && sql.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** Index just past the closing quote, or -1 when the literal never closes. */
    static int quotedEnd(String sql, int start, boolean backslashEscapes) {
        char quote = sql.charAt(start);
        int n = sql.length();
        int j = start + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2; // doubled quote: an escaped quote, not the end
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    /**
     * For a PostgreSQL dollar quote opening at {@code i} ({@code $$} or {@code $tag$}), the index
     * just past the opening tag; otherwise -1. A {@code $} inside an identifier ({@code a$b}) or
     * starting a parameter ({@code $1}) opens nothing.
     */
    static int dollarTagEnd(String sql, int i) {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
            return -1;
        }
        int n = sql.length();
        int j = i + 1;
        if (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
            while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
        }
        return j < n && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isLineComment(String sql, int i, boolean mysql) {
        char c = sql.charAt(i);
        if (mysql && c == '#') {
            return true;
        }
        if (c != '-' || i + 1 >= sql.length() || sql.charAt(i + 1) != '-') {
            return false;
        }
        // MySQL only takes "--" as a comment when a space or control character follows;
        // "SELECT 1--1" is arithmetic there.
        return !mysql || i + 2 >= sql.length() || sql.charAt(i + 2) <= ' ';
    }

    /** For {@code /*!} or {@code /*M!} (optionally followed by a version number), where the body starts; else -1. */
    private static int executableCommentBody(String sql, int i) {
        int n = sql.length();
        int j = i + 2;
        if (j < n && sql.charAt(j) == 'M' && j + 1 < n && sql.charAt(j + 1) == '!') {
            j += 2;
        } else if (j < n && sql.charAt(j) == '!') {
            j++;
        } else {
            return -1;
        }
        while (j < n && sql.charAt(j) >= '0' && sql.charAt(j) <= '9') {
            j++;
        }
        return j;
    }
}
