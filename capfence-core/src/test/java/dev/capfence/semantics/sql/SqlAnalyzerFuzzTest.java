package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated input: the analyzer must never throw and must always answer consistently.
 * Seeded, and the seed and input are in every failure message, so any failure replays.
 */
class SqlAnalyzerFuzzTest {

    private static final long SEED = 0x5eed_5a1L;

    private static final String[] TOKENS = {
        "SELECT", "select", "FROM", "WHERE", "DROP", "drop", "TABLE", "DELETE", "UPDATE", "SET", "INSERT", "INTO",
        "VALUES", "WITH", "AS", "BEGIN", "END", "EXECUTE", "IMMEDIATE", "EXPLAIN", "ANALYZE", "TRUNCATE", "GRANT",
        "ALL", "ON", "TO", "ALTER", "CREATE", "MERGE", "USING", "WHEN", "MATCHED", "THEN", "CASE", "ELSE", "NOT",
        "AND", "OR", "NULL", "TRUE", "1", "0", "1=1", "t", "users", "\"Users\"", "`t`", "a.b", "*", ",", "(", ")",
        ";", "'", "''", "\"", "`", "$$", "$a$", "--", "-- x\n", "#", "/*", "*/", "/*!", "/**/", "\\", "\\'", "\n",
        "\t", " ", "=", "<>", "||", "::", "?", "$1", ":p", "@v", "[", "]", "{", "}", "ＤＲＯＰ", "＇", "；",
        "\u00a0", "\u200b", "q'{", "}'", "N'", "E'", "0x1F", "1e9", "-", "+", "%", "RETURNING", "LIMIT",
    };

    private static final String CHARS = "abcxyz019 \t\n;'\"`$-#/*\\()[]{}.,=<>!?@:%&|^~+ＤＲＯＰ＇";

    @Test
    @Timeout(300)
    void randomTokenSoupNeverThrows() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sql = new StringBuilder();
            int n = random.nextInt(30);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(5) == 0) {
                    sql.append(CHARS.charAt(random.nextInt(CHARS.length())));
                } else {
                    sql.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextBoolean() ? " " : "");
                }
            }
            check(sql.toString(), "token soup #" + i);
        }
    }

    @Test
    @Timeout(300)
    void mutatedCorpusLinesNeverThrow() throws IOException {
        List<String> corpus = new ArrayList<>();
        SqlEvasionCorpusTest.read("evasions.txt").forEach(c -> corpus.add(c.sql()));
        SqlEvasionCorpusTest.read("lookalikes.txt").forEach(c -> corpus.add(c.sql()));
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            String sql = corpus.get(random.nextInt(corpus.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                sql = mutate(sql, random);
            }
            check(sql, "mutation #" + i);
        }
    }

    @Test
    @Timeout(30)
    void deepNestingCompletes() {
        for (int depth : new int[] {199, 201, 1_000, 10_000, 100_000}) {
            check("SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth), "parentheses " + depth);
            check("(".repeat(depth), "open parentheses " + depth);
            check("SELECT " + "f(".repeat(depth) + "1" + ")".repeat(depth), "calls " + depth);
        }
        for (int depth : new int[] {100, 1_000, 5_000}) {
            check("SELECT " + "NOT ".repeat(depth) + "1", "NOT " + depth);
            check("SELECT " + "- ".repeat(depth) + "1", "minus " + depth);
            check("SELECT " + "CASE WHEN 1 THEN ".repeat(depth) + "1" + " END".repeat(depth), "CASE " + depth);
            check("DELETE FROM t WHERE " + "NOT (".repeat(Math.min(depth, 150)) + "1=1"
                    + ")".repeat(Math.min(depth, 150)), "WHERE NOT " + depth);
            String sql = "DROP TABLE t";
            for (int i = 0; i < Math.min(depth, 12); i++) {
                sql = "EXECUTE IMMEDIATE '" + sql.replace("'", "''") + "'";
            }
            check(sql, "dynamic SQL " + depth);
        }
    }

    @Test
    @Timeout(30)
    void longInputsComplete() {
        check("SELECT 1 FROM t WHERE a IN (" + "1, ".repeat(20_000) + "1)", "long IN list");
        check("SELECT " + "a + ".repeat(20_000) + "a", "long sum");
        check("SELECT 1; ".repeat(5_000), "many statements");
        check("SELECT '" + "x".repeat(200_000) + "'", "long literal");
        check("-- " + "x".repeat(200_000), "long comment");
        check("SELECT 1 " + "/* c */ ".repeat(30_000), "many comments");
        check("x".repeat(SqlAnalyzer.MAX_CHARS + 1), "over the cap");
        check("ﷺ".repeat(20_000), "NFKC expansion beyond the cap");
        check(";".repeat(SqlAnalyzer.MAX_CHARS), "only semicolons");
        check("'".repeat(SqlAnalyzer.MAX_CHARS), "only quotes");
    }

    private static String mutate(String sql, Random random) {
        if (sql.isEmpty()) {
            return TOKENS[random.nextInt(TOKENS.length)];
        }
        int at = random.nextInt(sql.length() + 1);
        int end = Math.min(sql.length(), at + random.nextInt(8));
        switch (random.nextInt(7)) {
            case 0:
                return sql.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + sql.substring(at);
            case 1:
                return sql.substring(0, at) + sql.substring(end);
            case 2:
                return sql.substring(0, end) + sql.substring(at, end) + sql.substring(end);
            case 3:
                return sql.substring(0, at) + sql.substring(at, end).toUpperCase(Locale.ROOT) + sql.substring(end);
            case 4:
                return sql.substring(0, at) + CHARS.charAt(random.nextInt(CHARS.length())) + sql.substring(at);
            case 5:
                return sql.substring(0, at);
            default:
                return sql + "; " + sql.substring(at);
        }
    }

    private static void check(String sql, String label) {
        String shown = sql.length() > 300 ? sql.substring(0, 300) + "...(" + sql.length() + " chars)" : sql;
        String context = "seed " + SEED + ", " + label + ": " + shown.replace("\n", "\\n");
        SqlScript s;
        try {
            s = SqlAnalyzer.analyze(sql);
        } catch (Throwable t) {
            fail("threw " + t + " on " + context, t);
            return;
        }
        assertThat(s).as(context).isNotNull();
        assertThat(s.statements()).as(context).isNotNull().doesNotContainNull();
        assertThat(s.problems()).as(context).isNotNull().doesNotContainNull();
        assertThat(s.unparseable()).as("problems exactly when unparseable: %s %s", context, s.problems())
                .isEqualTo(!s.problems().isEmpty());
        for (SqlStatement st : s.statements()) {
            assertThat(st.kind()).as(context).isNotBlank().isEqualTo(st.kind().toUpperCase(Locale.ROOT));
            assertThat(st.tables()).as(context).isNotNull().doesNotContainNull();
            assertThat(st.whereMissing() && !st.kind().equals("UPDATE") && !st.kind().equals("DELETE"))
                    .as("whereMissing only for UPDATE and DELETE: %s", context).isFalse();
        }
    }
}
