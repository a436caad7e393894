package dev.capfence.semantics.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import net.sf.jsqlparser.parser.CCJSqlParserConstants;

/**
 * Proves, in one linear scan and without JSqlParser, that a text is a plain read; answers what the full
 * reading ({@link ScriptReader}) would answer for it, or null when it cannot prove it.
 *
 * <p>Most SQL an agent sends is a short query over named tables, yet the full reading (two dialects, a
 * parser whose look-aheads dominate the cost, a worker thread) costs a hundred times more than the text
 * needs. This recognises only a narrow shape that means the same in every dialect the full reading
 * considers and that JSqlParser reads the same way:
 * <pre>
 *   SELECT [DISTINCT] * | item, ...  FROM table [[AS] alias] [[INNER | LEFT [OUTER]] JOIN table ON condition] ...
 *     [WHERE condition] [GROUP BY column, ...] [ORDER BY column [ASC|DESC], ...] [LIMIT n [OFFSET n]] [;]
 * </pre>
 * where an item is a column ({@code a}, {@code t.a}, {@code t.*}) or an aggregate ({@code COUNT(*)},
 * {@code COUNT([DISTINCT] a)}, {@code SUM}, {@code AVG}, {@code MIN} or {@code MAX} of a column) with an
 * optional alias, and a condition combines with AND, OR, NOT and parentheses comparisons
 * ({@code = <> != < > <= >=}), {@code [NOT] LIKE}, {@code IS [NOT] NULL}, {@code [NOT] IN (literals)} and
 * {@code [NOT] BETWEEN} over columns, whole or decimal numbers and plain string literals.
 *
 * <p>Everything else is left to the full reading: non-ASCII text (NFKC), quoted identifiers, backslashes,
 * comments, dollar quotes, parameters, other function calls (a parenthesis is only accepted after an
 * aggregate or where no name precedes it), subqueries, more than one statement, and any word JSqlParser
 * lexes as a key word used as a name. {@code SimpleSelectTest} holds the answers to the full reading's.
 */
final class SimpleSelect {

    /** Longer text goes to the full reading; an agent's plain read is far shorter. */
    static final int MAX_CHARS = 4096;
    /** Parentheses and NOTs nested deeper than this go to the full reading. */
    private static final int MAX_DEPTH = 8;

    /**
     * Words JSqlParser lexes as key words (lower case): its token names, and the spellings of the tokens
     * that stand for several words. Such a word used as a name sends the text to the full reading.
     */
    private static final Set<String> KEY_WORDS = keyWords();

    /** Aggregates a plain read may call; the full reading lists them as the functions called. */
    private static final List<String> AGGREGATES = List.of("count", "sum", "avg", "min", "max");

    private final String text;
    private final Set<String> tables = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();
    private int pos;

    private SimpleSelect(String text) {
        this.text = text;
    }

    /** What the full reading of {@code sql} would return, when this can prove it; otherwise null. */
    static SqlScript read(String sql) {
        if (sql.length() > MAX_CHARS) {
            return null;
        }
        SimpleSelect s = new SimpleSelect(sql);
        if (!s.query()) {
            return null;
        }
        return new SqlScript(List.of(new SqlStatement("SELECT", s.tables, false, s.functions)), false, List.of());
    }

    private boolean query() {
        if (!keyword("SELECT")) {
            return false;
        }
        keyword("DISTINCT");
        if (!selectItems() || !keyword("FROM") || !tables()) {
            return false;
        }
        if (keyword("WHERE") && !condition(0)) {
            return false;
        }
        if (keyword("GROUP") && !(keyword("BY") && columns(false))) {
            return false;
        }
        if (keyword("ORDER") && !(keyword("BY") && columns(true))) {
            return false;
        }
        if (keyword("LIMIT")) {
            if (!integer() || (keyword("OFFSET") && !integer())) {
                return false;
            }
        }
        symbol(';');
        skipSpace();
        return pos == text.length();
    }

    private boolean selectItems() {
        if (symbol('*')) {
            return true;
        }
        do {
            if (!selectItem()) {
                return false;
            }
        } while (symbol(','));
        return true;
    }

    private boolean selectItem() {
        if (aggregate()) {
            return alias();
        }
        if (name() == null) {
            return false;
        }
        for (int parts = 1; symbol('.'); parts++) {
            if (symbol('*')) {
                return true; // t.*
            }
            if (parts == 3 || name() == null) {
                return false;
            }
        }
        return alias();
    }

    /** An optional alias: {@code AS name} or a name that is not a key word. */
    private boolean alias() {
        if (keyword("AS")) {
            return name() != null;
        }
        int start = pos;
        if (name() == null) {
            pos = start; // no alias: the next word is a clause (or something the caller refuses)
        }
        return true;
    }

    /** {@code COUNT(*)}, {@code COUNT([DISTINCT] column)}, {@code SUM(column)}, ... */
    private boolean aggregate() {
        skipSpace();
        int start = pos;
        for (String name : AGGREGATES) {
            if (keyword(name) && symbol('(')) {
                boolean argument = name.equals("count") && symbol('*');
                if (!argument) {
                    keyword("DISTINCT");
                    argument = column();
                }
                if (argument && symbol(')')) {
                    functions.add(name);
                    return true;
                }
                return false;
            }
            pos = start;
        }
        return false;
    }

    /** A table, then any {@code [INNER | LEFT [OUTER]] JOIN table ON condition}. */
    private boolean tables() {
        if (!table()) {
            return false;
        }
        while (true) {
            boolean typed = keyword("INNER");
            if (!typed && keyword("LEFT")) {
                typed = true;
                keyword("OUTER");
            }
            if (!keyword("JOIN")) {
                return !typed; // INNER or LEFT must introduce a join
            }
            if (!table() || !keyword("ON") || !condition(0)) {
                return false;
            }
        }
    }

    private boolean table() {
        String name = qualifiedName();
        if (name == null) {
            return false;
        }
        tables.add(name);
        return alias();
    }

    /** Up to three dotted names, lower-cased as the full reading reports tables; null if none. */
    private String qualifiedName() {
        String name = name();
        for (int parts = 1; name != null && symbol('.'); parts++) {
            String next = name();
            name = parts == 3 || next == null ? null : name + '.' + next;
        }
        return name;
    }

    private boolean column() {
        return qualifiedName() != null;
    }

    private boolean columns(boolean ordered) {
        do {
            if (!column()) {
                return false;
            }
            if (ordered && !keyword("ASC")) {
                keyword("DESC");
            }
        } while (symbol(','));
        return true;
    }

    // ---- conditions: OR over AND over [NOT] (condition) | predicate

    private boolean condition(int depth) {
        do {
            if (!conjunction(depth)) {
                return false;
            }
        } while (keyword("OR"));
        return true;
    }

    private boolean conjunction(int depth) {
        do {
            if (!negation(depth)) {
                return false;
            }
        } while (keyword("AND"));
        return true;
    }

    private boolean negation(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (keyword("NOT")) {
            return negation(depth + 1);
        }
        if (symbol('(')) {
            return condition(depth + 1) && symbol(')');
        }
        return predicate();
    }

    private boolean predicate() {
        if (!operand()) {
            return false;
        }
        if (comparison()) {
            return operand();
        }
        if (keyword("IS")) {
            keyword("NOT");
            return keyword("NULL");
        }
        keyword("NOT");
        if (keyword("LIKE")) {
            return string();
        }
        if (keyword("IN")) {
            if (!symbol('(')) {
                return false;
            }
            do {
                if (!literal()) {
                    return false;
                }
            } while (symbol(','));
            return symbol(')');
        }
        if (keyword("BETWEEN")) {
            return operand() && keyword("AND") && operand();
        }
        return false;
    }

    private boolean operand() {
        return literal() || column();
    }

    private boolean literal() {
        return number() || string();
    }

    private boolean comparison() {
        skipSpace();
        if (pos >= text.length()) {
            return false;
        }
        char c = text.charAt(pos);
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        if (c == '=') {
            pos++;
        } else if (c == '!' && next == '=') {
            pos += 2;
        } else if (c == '<' || c == '>') {
            pos += next == '=' || (c == '<' && next == '>') ? 2 : 1;
        } else {
            return false;
        }
        return true;
    }

    // ---- tokens

    /**
     * A name that JSqlParser lexes as an identifier (ASCII letter, then letters, digits, _), lower-cased;
     * else null.
     */
    private String name() {
        skipSpace();
        int start = pos;
        int end = wordEnd(start);
        if (end == start || !isAsciiLetter(text.charAt(start))) {
            return null;
        }
        for (int i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            if (!isAsciiLetter(c) && (c < '0' || c > '9') && c != '_') {
                return null; // $ or a non-ASCII letter (which NFKC may change)
            }
        }
        String word = text.substring(start, end).toLowerCase(Locale.ROOT); // no copy when already lower case
        if (KEY_WORDS.contains(word)) {
            return null;
        }
        pos = end;
        return word;
    }

    /** Consumes {@code word} when it is the next whole word, in any case. */
    private boolean keyword(String word) {
        skipSpace();
        int end = wordEnd(pos);
        if (end - pos != word.length() || !text.regionMatches(true, pos, word, 0, word.length())) {
            return false;
        }
        pos = end;
        return true;
    }

    private boolean symbol(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** {@code 12}, {@code -12}, {@code 1.5}; not {@code 1e5}, {@code 0x1F} or {@code 1.}. */
    private boolean number() {
        skipSpace();
        int i = pos;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        int digits = digitsEnd(i);
        if (digits == i) {
            return false;
        }
        i = digits;
        if (i < text.length() && text.charAt(i) == '.') {
            int fraction = digitsEnd(i + 1);
            if (fraction == i + 1) {
                return false;
            }
            i = fraction;
        }
        if (wordEnd(i) != i || (i < text.length() && text.charAt(i) == '.')) {
            return false; // 1e5, 10abc, 1.2.3
        }
        pos = i;
        return true;
    }

    private boolean integer() {
        skipSpace();
        int end = digitsEnd(pos);
        if (end == pos || wordEnd(end) != end || (end < text.length() && text.charAt(end) == '.')) {
            return false;
        }
        pos = end;
        return true;
    }

    /**
     * {@code '...'} holding printable ASCII but no quote and no backslash, whose meaning no dialect
     * disputes ({@code ''} and {@code \'} are read differently by PostgreSQL and MySQL).
     */
    private boolean string() {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '\'') {
            return false;
        }
        for (int i = pos + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                if (i + 1 < text.length() && (text.charAt(i + 1) == '\'' || isWordPart(text.charAt(i + 1)))) {
                    return false; // a doubled quote, or a literal glued to a word
                }
                pos = i + 1;
                return true;
            }
            if (c < ' ' || c > '~' || c == '\\') {
                return false;
            }
        }
        return false;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int wordEnd(int from) {
        int i = from;
        while (i < text.length() && isWordPart(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * Letters, digits, {@code _} and {@code $} continue a word: a {@code $} or a non-ASCII letter makes
     * the word no name this class accepts, and so sends the text to the full reading.
     */
    private static boolean isWordPart(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '$' || c > '~';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static Set<String> keyWords() {
        Set<String> words = new HashSet<>();
        for (String image : CCJSqlParserConstants.tokenImage) {
            // Token names read <K_SELECT> for the word SELECT; names of other tokens do no harm here.
            if (image.startsWith("<") && image.endsWith(">")) {
                String name = image.substring(1, image.length() - 1);
                words.add(name.startsWith("K_") ? name.substring(2) : name);
            }
        }
        // Tokens that stand for several words (JSqlParser 5.4 grammar, e.g. K_DATETIMELITERAL, DATA_TYPE).
        words.addAll(List.of(
                "ARRAY", "UR", "RS", "RR", "CS", "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT",
                "CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMEZONE",
                "SUBSTR", "SUBSTRING", "TRIM", "POSITION", "OVERLAY", "STRAIGHT_JOIN", "SIMILAR",
                "DATE", "DATETIME", "TIME", "TIMESTAMP", "TIMESTAMPTZ",
                "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
                "BISTRING", "BLOB", "BYTEA", "VARBINARY", "BOOL", "CLOB", "ENUM", "MAP", "DECIMAL", "NUMBER",
                "NUMERIC", "TINYINT", "INT1", "SMALLINT", "INT2", "SHORT", "INTEGER", "INT", "INT4", "BIGINT",
                "INT8", "LONG", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "REAL",
                "FLOAT4", "FLOAT", "DOUBLE", "PRECISION", "FLOAT8", "FLOAT64", "NVARCHAR", "VARCHAR", "NCHAR",
                "BPCHAR", "STRING", "VARYING", "TIMETZ", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "UUID"));
        Set<String> lower = new HashSet<>();
        words.forEach(w -> lower.add(w.toLowerCase(Locale.ROOT)));
        return Set.copyOf(lower); // names are compared lower-cased
    }
}
