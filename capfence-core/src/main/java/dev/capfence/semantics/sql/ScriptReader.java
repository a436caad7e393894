package dev.capfence.semantics.sql;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * One analysis of one SQL text; runs on the analyzer's worker thread and can be cancelled.
 *
 * <p>The text is read several times when dialects could disagree on it: with ANSI/PostgreSQL
 * lexical rules (the primary reading), with MySQL's, and, when NFKC normalisation changed the
 * text, as it was before normalising. A reading that finds statements the primary one does not
 * adds them and marks the script unparseable, so that an evasion hiding in such a disagreement
 * ({@code SELECT 'a\''; DROP TABLE t; -- '} is one SELECT in PostgreSQL and a SELECT plus a DROP
 * in MySQL) is both seen and flagged.
 */
final class ScriptReader {

    /** Parenthesis nesting beyond which we do not parse: no real query needs it, stacks do. */
    static final int MAX_NESTING = 200;
    /** Statements beyond this count are not analysed (and the script is unparseable). */
    static final int MAX_STATEMENTS = 1000;
    /** How deep {@code EXECUTE IMMEDIATE '... EXECUTE IMMEDIATE ''...'' ...'} is followed. */
    static final int MAX_DYNAMIC_DEPTH = 3;
    /** JSqlParser's own limit for retrying with "complex parsing" (its Feature.allowedNestingDepth). */
    private static final int COMPLEX_PARSING_DEPTH = 10;

    /** Statements JSqlParser 5.4 does not parse, recognised so that common scripts stay readable. */
    private static final Pattern BEGIN = Pattern.compile(
            "(?i)(?:begin(?:\\s+(?:work|transaction))?|start\\s+transaction)(?:\\s+read\\s+(?:only|write))?");
    private static final Pattern END = Pattern.compile("(?i)end(?:\\s+(?:work|transaction))?");
    private static final Pattern RELEASE = Pattern.compile("(?i)release(?:\\s+savepoint)?\\s+[a-z_][a-z0-9_]*");
    private static final Pattern DEALLOCATE = Pattern.compile("(?i)deallocate(?:\\s+prepare)?\\s+[a-z_][a-z0-9_]*");
    /** MySQL {@code PREPARE s FROM 'sql'} or {@code FROM @var}; PostgreSQL {@code PREPARE s (int) AS sql}. */
    private static final Pattern PREPARE = Pattern.compile(
            "(?is)prepare\\s+[a-z_][a-z0-9_]*(?:\\s*\\([^()]*\\))?\\s+(from|as)\\s+(.+)");
    /** Recognised kinds that a BEGIN ... END block, read whole, may absorb. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "RELEASE", "DEALLOCATE");

    private volatile boolean cancelled;
    private volatile CCJSqlParser parser;

    /** Stops the analysis: the running parse is told to give up, no further parse starts. */
    void cancel() {
        cancelled = true;
        CCJSqlParser running = parser;
        if (running != null) {
            running.interrupted = true; // JSqlParser checks this flag in its costly look-aheads
        }
    }

    SqlScript read(String sql) {
        String text = Normalizer.normalize(sql, Normalizer.Form.NFKC);
        if (text.length() > SqlAnalyzer.MAX_CHARS) {
            return new SqlScript(List.of(), true,
                    List.of("input is longer than " + SqlAnalyzer.MAX_CHARS + " characters after NFKC normalisation"));
        }
        Reading result = readAllDialects(text, 0);
        if (!text.equals(sql)) {
            // NFKC can also turn a harmless look-alike into a quote (U+FF07 -> ') and so hide what
            // the database, which never normalises, would run.
            Reading raw = readOnce(SqlLexer.split(sql, SqlLexer.Dialect.STANDARD), SqlLexer.Dialect.STANDARD, 0);
            reconcile(result, raw, "without NFKC normalisation");
        }
        return new SqlScript(result.statements, result.unparseable, new ArrayList<>(result.problems));
    }

    private Reading readAllDialects(String text, int depth) {
        SqlLexer.Result standard = SqlLexer.split(text, SqlLexer.Dialect.STANDARD);
        Reading result = readOnce(standard, SqlLexer.Dialect.STANDARD, depth);
        SqlLexer.Result mysql = SqlLexer.split(text, SqlLexer.Dialect.MYSQL);
        if (!mysql.equals(standard) || text.indexOf('\\') >= 0) {
            reconcile(result, readOnce(mysql, SqlLexer.Dialect.MYSQL, depth),
                    "with MySQL rules (backslash escapes, # comments, no dollar quotes)");
        }
        return result;
    }

    private Reading readOnce(SqlLexer.Result lex, SqlLexer.Dialect dialect, int depth) {
        Reading r = new Reading();
        lex.problems().forEach(r::fail);
        if (lex.maxDepth() > MAX_NESTING) {
            r.fail("parentheses nested deeper than " + MAX_NESTING);
            return r;
        }
        List<String> pieces = lex.pieces();
        if (pieces.size() > MAX_STATEMENTS) {
            r.fail("more than " + MAX_STATEMENTS + " statements; only the first " + MAX_STATEMENTS + " were analysed");
            pieces = pieces.subList(0, MAX_STATEMENTS);
        }
        StatementMapper mapper = mapper(r, depth);
        List<SqlStatement> found = new ArrayList<>();
        // What the pieces showed that a whole-script parse must not lose: all but the recognised
        // transaction control, which a BEGIN ... END block legitimately absorbs.
        List<SqlStatement> mustKeep = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> allFunctions = new TreeSet<>();
        List<String> decodedPieces = new ArrayList<>(pieces.size());
        for (int k = 0; k < pieces.size(); k++) {
            String piece = pieces.get(k);
            // Every statement read from a piece calls what the piece's text calls (see FunctionScanner).
            FunctionScanner.Result calls = FunctionScanner.scan(piece, dialect == SqlLexer.Dialect.MYSQL);
            if (calls.problem() != null) {
                r.fail("statement " + (k + 1) + ": " + calls.problem());
            }
            allFunctions.addAll(calls.names());
            decodedPieces.add(calls.decoded());
            try {
                List<SqlStatement> mapped = parseAndMap(calls.decoded(), dialect, mapper);
                found.addAll(withFunctions(mapped, calls.names()));
                mustKeep.addAll(mapped);
            } catch (ParseFailure e) {
                List<SqlStatement> recognised = recognise(piece, dialect, mapper);
                if (recognised == null) {
                    failures.add("statement " + (k + 1) + ": " + e.getMessage());
                } else {
                    found.addAll(withFunctions(recognised, calls.names()));
                    recognised.stream().filter(st -> !TRANSACTION_CONTROL.contains(st.kind())).forEach(mustKeep::add);
                }
            }
        }
        if (!failures.isEmpty() && pieces.size() > 1) {
            // Semicolons inside BEGIN ... END cut a block apart: try the pieces as one script.
            try {
                List<SqlStatement> whole = parseAndMap(String.join(";\n", decodedPieces), dialect, mapper);
                List<SqlStatement> lost = mustKeep.stream().filter(st -> !whole.contains(st)).toList();
                if (!lost.isEmpty()) {
                    // JSqlParser's lexing of the whole swallowed something the pieces showed.
                    whole.addAll(lost);
                    r.fail("read as one script, the text holds other statements than read statement by statement");
                }
                found = withFunctions(whole, allFunctions);
                failures.clear();
            } catch (ParseFailure e) {
                // keep the per-statement failures
            }
        }
        failures.forEach(r::fail);
        r.statements.addAll(found);
        return r;
    }

    private StatementMapper mapper(Reading r, int depth) {
        return new StatementMapper(new StatementMapper.DynamicSql() {
            @Override
            public void read(String sql, List<SqlStatement> out) {
                if (depth >= MAX_DYNAMIC_DEPTH) {
                    r.fail("dynamic SQL nested more than " + MAX_DYNAMIC_DEPTH + " deep");
                    return;
                }
                Reading inner = readAllDialects(sql, depth + 1);
                out.addAll(inner.statements);
                inner.problems.forEach(p -> r.problems.add("in dynamic SQL: " + p));
                r.unparseable |= inner.unparseable;
            }

            @Override
            public void opaque(String problem) {
                r.fail(problem);
            }
        });
    }

    /** Adds to {@code primary} what another reading of the same text found beyond it. */
    private static void reconcile(Reading primary, Reading other, String how) {
        List<SqlStatement> mine = primary.statements;
        List<SqlStatement> theirs = other.statements;
        if (kinds(mine).equals(kinds(theirs))) {
            for (int i = 0; i < mine.size(); i++) {
                SqlStatement a = mine.get(i);
                SqlStatement b = theirs.get(i);
                Set<String> tables = new TreeSet<>(a.tables());
                tables.addAll(b.tables());
                Set<String> functions = new TreeSet<>(a.functions());
                functions.addAll(b.functions());
                mine.set(i, new SqlStatement(a.kind(), tables, a.whereMissing() || b.whereMissing(), functions));
            }
            return;
        }
        List<SqlStatement> extra = theirs.stream().filter(s -> !mine.contains(s)).toList();
        if (!extra.isEmpty()) {
            mine.addAll(extra);
            primary.fail("read " + how + ", the text holds other statements: " + kinds(extra));
        }
    }

    private static List<SqlStatement> withFunctions(List<SqlStatement> statements, Set<String> functions) {
        List<SqlStatement> out = new ArrayList<>(statements.size());
        for (SqlStatement st : statements) {
            out.add(st.withFunctions(functions));
        }
        return out;
    }

    private static List<String> kinds(List<SqlStatement> statements) {
        return statements.stream().map(SqlStatement::kind).toList();
    }

    /**
     * Statements JSqlParser 5.4 does not parse but that are common and simple enough to recognise
     * whole: transaction control, and PREPARE, whose SQL is read like other dynamic SQL.
     * Null when the piece is none of them.
     */
    private List<SqlStatement> recognise(String piece, SqlLexer.Dialect dialect, StatementMapper mapper) {
        String s = piece.strip();
        if (BEGIN.matcher(s).matches()) {
            return List.of(new SqlStatement("BEGIN", Set.of(), false));
        }
        if (END.matcher(s).matches()) {
            return List.of(new SqlStatement("COMMIT", Set.of(), false));
        }
        if (RELEASE.matcher(s).matches()) {
            return List.of(new SqlStatement("RELEASE", Set.of(), false));
        }
        if (DEALLOCATE.matcher(s).matches()) {
            return List.of(new SqlStatement("DEALLOCATE", Set.of(), false));
        }
        Matcher prepare = PREPARE.matcher(s);
        if (!prepare.matches()) {
            return null;
        }
        List<SqlStatement> out = new ArrayList<>();
        out.add(new SqlStatement("PREPARE", Set.of(), false));
        String body = prepare.group(2);
        if (prepare.group(1).equalsIgnoreCase("as")) {
            mapper.dynamicSql().read(body, out); // PostgreSQL: PREPARE p (int) AS DELETE ...
        } else if (isQuoted(body, dialect == SqlLexer.Dialect.MYSQL)) {
            mapper.dynamicSql().read(unquote(body, dialect == SqlLexer.Dialect.MYSQL), out);
        } else {
            String what = body.length() > 40 ? body.substring(0, 40) + "..." : body;
            mapper.dynamicSql().opaque("dynamic SQL built at run time (PREPARE ... FROM " + what + ") cannot be analysed");
        }
        return out;
    }

    /** True when {@code s} is exactly one quoted literal. */
    private static boolean isQuoted(String s, boolean backslashEscapes) {
        return !s.isEmpty() && (s.charAt(0) == '\'' || s.charAt(0) == '"')
                && SqlLexer.quotedEnd(s, 0, backslashEscapes) == s.length();
    }

    /** The content of a quoted literal: doubled quotes undone, and backslash escapes for MySQL. */
    private static String unquote(String literal, boolean backslashEscapes) {
        char q = literal.charAt(0);
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < body.length()) {
                out.append(body.charAt(++i));
            } else if (c == q && i + 1 < body.length() && body.charAt(i + 1) == q) {
                out.append(q);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private List<SqlStatement> parseAndMap(String text, SqlLexer.Dialect dialect, StatementMapper mapper)
            throws ParseFailure {
        Statements statements = parse(text, dialect);
        List<SqlStatement> out = new ArrayList<>();
        try {
            for (Statement st : statements) {
                if (st != null) {
                    mapper.map(st, out);
                }
            }
        } catch (RuntimeException e) {
            throw new ParseFailure("cannot be analysed: " + e.getClass().getSimpleName());
        } catch (StackOverflowError e) {
            throw new ParseFailure("nested too deeply to analyse");
        }
        return out;
    }

    /** Parses like CCJSqlParserUtil does (simple first, then complex), but on this thread. */
    private Statements parse(String text, SqlLexer.Dialect dialect) throws ParseFailure {
        try {
            return parseWith(text, dialect, false);
        } catch (ParseFailure first) {
            if (cancelled || CCJSqlParserUtil.getNestingDepth(text) > COMPLEX_PARSING_DEPTH) {
                throw first;
            }
            try {
                return parseWith(text, dialect, true);
            } catch (ParseFailure second) {
                throw first;
            }
        }
    }

    private Statements parseWith(String text, SqlLexer.Dialect dialect, boolean complex) throws ParseFailure {
        if (cancelled) {
            throw new ParseFailure("analysis cancelled");
        }
        boolean mysql = dialect == SqlLexer.Dialect.MYSQL;
        // Tell JSqlParser the same lexical rules our lexer applied to this reading.
        CCJSqlParser p = CCJSqlParserUtil.newParser(text)
                .withAllowComplexParsing(complex)
                .withBackslashEscapeCharacter(mysql)
                .withDollarQuotedStringTags(!mysql);
        parser = p;
        try {
            Statements statements = p.Statements();
            if (cancelled) {
                throw new ParseFailure("analysis cancelled");
            }
            return statements;
        } catch (ParseException | RuntimeException e) {
            throw new ParseFailure(firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new ParseFailure("nested too deeply to parse");
        } finally {
            parser = null;
        }
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "cannot be parsed";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** What one reading found. */
    private static final class Reading {
        final List<SqlStatement> statements = new ArrayList<>();
        final Set<String> problems = new LinkedHashSet<>();
        boolean unparseable;

        void fail(String problem) {
            unparseable = true;
            problems.add(problem);
        }
    }

    /** A parse error, without a stack trace: they are expected and frequent. */
    private static final class ParseFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ParseFailure(String message) {
            super(message, null, false, false);
        }
    }
}
