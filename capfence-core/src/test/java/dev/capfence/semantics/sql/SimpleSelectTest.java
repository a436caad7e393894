package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path must answer exactly what the full reading answers whenever it answers at all: checked on
 * every SQL corpus line, on generated SELECTs, and on mutations of both. Seeded; failures name their input.
 */
class SimpleSelectTest {

    private static final long SEED = 0x5e1ec7L;

    /** Names a query may use: ordinary columns and tables, and key words of SQL dialects and of JSqlParser. */
    private static final String[] NAMES = ("id total orders users analytics public t u x a b c n o s created_at "
            + "email amount status name type date value user data key count time level role schema table comment "
            + "description action position source path file number year month day hour state customer_id price qty "
            + "title body label owner region country city sample final first last top limit offset natural window "
            + "select from where group having order by asc desc and or not in is null like between union except "
            + "intersect all distinct as on join left right inner outer cross full using into values insert update "
            + "delete drop create alter table view index grant revoke truncate merge call execute exec set show "
            + "describe explain with recursive returning case when then else end cast convert current current_date "
            + "current_time current_timestamp current_user session_user localtime localtimestamp true false unknown "
            + "default primary foreign references check unique constraint exists any some array interval escape "
            + "fetch next rows row only ties percent qualify lateral apply pivot unpivot for share nowait skip locked "
            + "connect start prior level rownum rowid sysdate systimestamp dual minus collate binary char varchar "
            + "text int integer bigint decimal numeric float double real boolean bool timestamp datetime interval "
            + "zone global local temporary temp if elseif loop while repeat leave return begin commit rollback "
            + "savepoint release lock unlock partition range over filter within rank straight_join sql_calc_found_rows "
            + "high_priority low_priority delayed ignore replace duplicate key_block_size outfile dumpfile infile load "
            + "procedure function trigger sequence database schemas catalog domain type cascade restrict authorization "
            + "similar overlaps isnull notnull ilike rlike regexp glob match against mode collation column columns "
            + "substring trim position overlay extract substr uuid blob clob json jsonb xml enum map struct list "
            + "top_level total_count o1 t2 abc_def x9 e n2 q r b2 xx ab").split(" ");

    /** Names no dialect reserves, which most generated queries use so that the fast path has work to do. */
    private static final String[] PLAIN = {"id", "total", "orders", "analytics", "t", "u", "created_at", "email",
        "amount", "customer_id", "price", "x9", "a_b"};

    private static final String[] AGGREGATES = {"COUNT", "count", "SUM", "avg", "MIN", "max", "lower", "coalesce"};
    private static final String[] JOINS = {"JOIN", "INNER JOIN", "LEFT JOIN", "left outer join", "RIGHT JOIN",
        "CROSS JOIN", "FULL JOIN"};

    private static final String[] OPERATORS = {"=", "<>", "!=", "<", ">", "<=", ">="};
    private static final String[] LITERALS = {"1", "0", "10", "-5", "1.5", "'a'", "'2026-01-01'", "''",
        "'--'", "'/* x */'", "'; DROP TABLE t'", "'$$'", "'#'", "'x y'", "'%a%'"};

    @Test
    void theBenchmarkReadIsAnsweredWithoutTheParser() {
        String sql = "SELECT id, total FROM analytics.orders WHERE created_at > '2026-01-01' LIMIT 10";

        SqlScript fast = SimpleSelect.read(sql);

        assertThat(fast).isEqualTo(new SqlScript(
                List.of(new SqlStatement("SELECT", Set.of("analytics.orders"), false)), false, List.of()));
        assertThat(fast).isEqualTo(new ScriptReader().read(sql));
    }

    @Test
    void anAggregateIsTheFunctionItCalls() {
        String sql = "SELECT o.status, count(*) AS n, max(o.total) FROM orders o "
                + "LEFT JOIN customers c ON c.id = o.customer_id GROUP BY o.status";

        SqlScript fast = SimpleSelect.read(sql);

        assertThat(fast).isEqualTo(new SqlScript(List.of(new SqlStatement("SELECT",
                Set.of("orders", "customers"), false, Set.of("count", "max"))), false, List.of()));
        assertThat(fast).isEqualTo(new ScriptReader().read(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT lower(a) FROM t",                            // a function call other than an aggregate
        "SELECT a FROM t WHERE b = lower('X')",
        "SELECT count(a, b) FROM t",
        "SELECT sum(*) FROM t",
        "SELECT a FROM t GROUP BY a HAVING count(*) > 1",
        "SELECT a FROM t; DROP TABLE t",                     // stacked statements
        "SELECT a FROM t -- note",                           // comments
        "SELECT a FROM t /* note */",
        "SELECT a FROM t # note",
        "SELECT a FROM t WHERE b = 'it''s'",                 // quotes whose reading differs by dialect
        "SELECT a FROM t WHERE b = 'a\\'; DROP TABLE t; -- '",
        "SELECT \"a\" FROM t",
        "SELECT `a` FROM t",
        "SELECT a FROM t WHERE b = $$x$$",
        "SELECT a FROM t WHERE b = E'x'",
        "SELECT a FROM t WHERE b = ?",
        "SELECT a FROM ｔ",                                   // NFKC
        "SELECT a FROM t WHERE b = 'ｘ'",
        "SELECT a FROM select",                              // a key word used as a name
        "SELECT date FROM t",
        "SELECT a FROM t sample",
        "SELECT a FROM t, u",                                // lists of tables, other joins
        "SELECT a FROM t JOIN u USING (id)",
        "SELECT a FROM t NATURAL JOIN u",
        "SELECT a FROM t LEFT",
        "SELECT a FROM t INNER u ON t.id = u.id",
        "SELECT a FROM t WHERE b IN (SELECT c FROM u)",      // subqueries
        "SELECT a INTO b FROM t",                            // creates a table
        "SELECT a FROM t UNION SELECT b FROM u",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "SELECT a FROM t WHERE NOT NOT NOT NOT NOT NOT NOT NOT NOT NOT b = 1",
        "SELECT a FROM t WHERE b = 1e5",
        "SELECT a FROM t WHERE b = 0x1F",
        "SELECT a FROM t LIMIT 10, 20",
        "DELETE FROM t WHERE a = 1",
        "SELECT a FROM t WHERE b = 1 -- x\r DROP TABLE t",
    })
    void leavesWhatItCannotProveToTheFullReading(String sql) {
        assertThat(SimpleSelect.read(sql)).as(sql).isNull();
    }

    @Test
    void answersLikeTheFullReadingOnEveryCorpusLine() throws IOException {
        List<String> corpus = corpus();
        int answered = 0;
        for (String sql : corpus) {
            answered += agrees(sql, "corpus") ? 1 : 0;
        }
        // The corpora hold plain reads too: the comparison above is not vacuous.
        assertThat(answered).as("corpus lines the fast path answered").isGreaterThan(5);
    }

    @Test
    void answersLikeTheFullReadingOnGeneratedSelects() {
        Random random = new Random(SEED);
        int answered = 0;
        for (int i = 0; i < 3_000; i++) {
            answered += agrees(select(random), "generated #" + i) ? 1 : 0;
        }
        assertThat(answered).as("generated SELECTs the fast path answered").isGreaterThan(1_000);
    }

    @Test
    void answersLikeTheFullReadingOnMutations() throws IOException {
        Random random = new Random(SEED);
        List<String> seeds = new ArrayList<>(corpus());
        for (int i = 0; i < 300; i++) {
            seeds.add(select(random));
        }
        String noise = " \t\n;'\"`$-#/*\\().,=<>!?@:%|^~+_xy19ＤＲＯＰ";
        String[] words = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "(", ")", "'", "''", "--", "/*", "*/",
            ";", "f(", "DROP TABLE t", "UNION SELECT 1", "LIMIT", "ORDER BY a", "IN (1)", "E'", "\\'", "$$"};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sql = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(sql.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> sql.insert(at, noise.charAt(random.nextInt(noise.length())));
                    case 1 -> sql.insert(at, " " + words[random.nextInt(words.length)] + " ");
                    default -> {
                        if (at < sql.length()) {
                            sql.deleteCharAt(at);
                        }
                    }
                }
            }
            agrees(sql.toString(), "mutation #" + i);
        }
    }

    /** Every name the generator uses that JSqlParser lexes as something else is one the fast path refuses. */
    @Test
    void refusesEveryNameJSqlParserLexesAsAKeyWord() {
        for (String name : NAMES) {
            boolean identifier = lexesAsIdentifier(name) && lexesAsIdentifier(name.toUpperCase(Locale.ROOT));
            if (!identifier) {
                assertThat(SimpleSelect.read("SELECT a FROM " + name)).as(name).isNull();
                assertThat(SimpleSelect.read("SELECT " + name + " FROM t")).as(name).isNull();
            }
        }
    }

    /** True (and checked) when the fast path answered. */
    private static boolean agrees(String sql, String where) {
        SqlScript fast = SimpleSelect.read(sql);
        if (fast == null) {
            return false;
        }
        assertThat(fast).as("%s: %s", where, sql).isEqualTo(new ScriptReader().read(sql));
        return true;
    }

    private static boolean lexesAsIdentifier(String word) {
        CCJSqlParserTokenManager lexer = new CCJSqlParserTokenManager(
                new SimpleCharStream(new StringProvider(word), 1, 1, word.length() + 1));
        Token token = lexer.getNextToken();
        return token.kind == CCJSqlParserConstants.S_IDENTIFIER && lexer.getNextToken().kind == CCJSqlParserConstants.EOF;
    }

    private static List<String> corpus() throws IOException {
        List<String> out = new ArrayList<>();
        for (String file : List.of("evasions.txt", "lookalikes.txt", "functions.txt", "where.txt")) {
            SqlEvasionCorpusTest.read(file).forEach(c -> out.add(c.sql()));
        }
        try (InputStream in = SimpleSelectTest.class.getResourceAsStream("/semantics/sql/encoded-functions.tsv")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.substring(line.lastIndexOf('\t') + 1));
                }
            }
        }
        return out;
    }

    // ---- a random SELECT in (and around) the shape the fast path accepts

    private static String select(Random r) {
        StringBuilder sql = new StringBuilder(word(r, "SELECT"));
        if (r.nextInt(5) == 0) {
            sql.append(' ').append(word(r, "DISTINCT"));
        }
        sql.append(' ');
        if (r.nextInt(4) == 0) {
            sql.append('*');
        } else {
            for (int k = r.nextInt(3); k >= 0; k--) {
                if (r.nextInt(5) == 0) {
                    sql.append(aggregate(r));
                } else {
                    sql.append(qualified(r, 2));
                }
                if (r.nextInt(8) == 0) {
                    sql.append(".*");
                } else if (r.nextInt(4) == 0) {
                    sql.append(r.nextBoolean() ? " AS " : " ").append(name(r));
                }
                sql.append(k > 0 ? ", " : "");
            }
        }
        sql.append(' ').append(word(r, "FROM")).append(' ').append(qualified(r, 3));
        if (r.nextInt(3) == 0) {
            sql.append(r.nextBoolean() ? " AS " : " ").append(name(r));
        }
        for (int k = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0; k > 0; k--) {
            sql.append(' ').append(JOINS[r.nextInt(JOINS.length)]).append(' ').append(qualified(r, 2))
                    .append(r.nextBoolean() ? " " + name(r) : "").append(" ON ").append(condition(r, 2));
        }
        if (r.nextInt(4) != 0) {
            sql.append(' ').append(word(r, "WHERE")).append(' ').append(condition(r, 0));
        }
        if (r.nextInt(5) == 0) {
            sql.append(" GROUP BY ").append(qualified(r, 2));
        }
        if (r.nextInt(3) == 0) {
            sql.append(" ORDER BY ").append(qualified(r, 2)).append(r.nextBoolean() ? " DESC" : "");
        }
        if (r.nextInt(2) == 0) {
            sql.append(' ').append(word(r, "LIMIT")).append(' ').append(r.nextInt(100));
            if (r.nextInt(4) == 0) {
                sql.append(" OFFSET ").append(r.nextInt(100));
            }
        }
        if (r.nextInt(6) == 0) {
            sql.append(r.nextBoolean() ? ";" : " ;\n");
        }
        return sql.toString();
    }

    private static String condition(Random r, int depth) {
        String left = predicate(r, depth);
        return switch (depth < 3 ? r.nextInt(6) : 5) {
            case 0 -> left + " AND " + condition(r, depth + 1);
            case 1 -> left + " " + word(r, "OR") + " " + condition(r, depth + 1);
            case 2 -> "(" + condition(r, depth + 1) + ")";
            case 3 -> "NOT " + predicate(r, depth);
            default -> left;
        };
    }

    private static String predicate(Random r, int depth) {
        String operand = operand(r);
        return switch (r.nextInt(7)) {
            case 0 -> operand + " IS " + (r.nextBoolean() ? "NOT " : "") + "NULL";
            case 1 -> operand + (r.nextBoolean() ? " NOT" : "") + " LIKE " + LITERALS[5 + r.nextInt(LITERALS.length - 5)];
            case 2 -> operand + (r.nextBoolean() ? " NOT" : "") + " IN (" + literal(r) + ", " + literal(r) + ")";
            case 3 -> operand + " BETWEEN " + operand(r) + " AND " + operand(r);
            default -> operand + " " + OPERATORS[r.nextInt(OPERATORS.length)] + " " + operand(r);
        };
    }

    private static String aggregate(Random r) {
        String name = AGGREGATES[r.nextInt(AGGREGATES.length)];
        return switch (r.nextInt(3)) {
            case 0 -> name + "(*)";
            case 1 -> name + "(DISTINCT " + qualified(r, 2) + ")";
            default -> name + (r.nextBoolean() ? " (" : "(") + qualified(r, 2) + ")";
        };
    }

    private static String operand(Random r) {
        return r.nextBoolean() ? literal(r) : qualified(r, 2);
    }

    private static String literal(Random r) {
        return LITERALS[r.nextInt(LITERALS.length)];
    }

    private static String qualified(Random r, int parts) {
        StringBuilder out = new StringBuilder(name(r));
        for (int k = r.nextInt(parts); k > 0; k--) {
            out.append('.').append(name(r));
        }
        return out.toString();
    }

    private static String name(Random r) {
        String name = r.nextInt(8) == 0 ? NAMES[r.nextInt(NAMES.length)] : PLAIN[r.nextInt(PLAIN.length)];
        return switch (r.nextInt(3)) {
            case 0 -> name.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
            default -> name;
        };
    }

    private static String word(Random r, String keyword) {
        return r.nextBoolean() ? keyword : keyword.toLowerCase(Locale.ROOT);
    }
}
