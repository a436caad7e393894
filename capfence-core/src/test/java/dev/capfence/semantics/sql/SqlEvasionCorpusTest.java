package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads {@code semantics/sql/evasions.txt} (attempts that must be caught) and
 * {@code semantics/sql/lookalikes.txt} (harmless text that must read as harmless).
 */
class SqlEvasionCorpusTest {

    /** Kinds a look-alike must never be read as, unless its line says so. */
    private static final Set<String> DANGEROUS = Set.of("DROP", "DELETE", "UPDATE", "TRUNCATE", "ALTER",
            "GRANT", "REVOKE", "INSERT", "MERGE", "REPLACE", "UPSERT", "CREATE", "RENAME", "EXECUTE", "CALL");

    /** One corpus line: where it is, what it expects, the SQL. */
    record Case(String file, int line, List<String> expectations, String sql) {
        @Override
        public String toString() {
            return file + ":" + line + "  " + sql.replace("\n", "\\n");
        }

        String where() {
            return file + " line " + line + ": " + sql.replace("\n", "\\n");
        }
    }

    static List<Case> read(String file) throws IOException {
        String text;
        try (InputStream in = SqlEvasionCorpusTest.class.getResourceAsStream("/semantics/sql/" + file)) {
            assertThat(in).as("resource %s", file).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            assertThat(tab).as("%s line %d has no TAB", file, i + 1).isPositive();
            List<String> expectations = List.of(line.substring(0, tab).split(","));
            cases.add(new Case(file, i + 1, expectations, unescape(line.substring(tab + 1))));
        }
        return cases;
    }

    /** {@code \n}, {@code \r}, {@code \t}, {@code \\} and {@code \\uXXXX}; any other backslash stays. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
            if (c == '\\' && (next == 'n' || next == 'r' || next == 't' || next == '\\')) {
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : '\\');
                i++;
            } else if (c == '\\' && next == 'u' && i + 6 <= s.length()
                    && s.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Stream<Case> evasions() throws IOException {
        return read("evasions.txt").stream();
    }

    static Stream<Case> lookalikes() throws IOException {
        return read("lookalikes.txt").stream();
    }

    @Test
    void theCorporaAreLargeEnough() throws IOException {
        assertThat(read("evasions.txt")).hasSizeGreaterThanOrEqualTo(45);
        assertThat(read("lookalikes.txt")).hasSizeGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evasions")
    void everyEvasionIsCaught(Case c) {
        SqlScript s = SqlAnalyzer.analyze(c.sql());
        for (String expectation : c.expectations()) {
            assertThat(holds(s, expectation))
                    .as("%s%n  expected %s%n  got %s", c.where(), expectation, s)
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void everyLookalikeReadsAsHarmless(Case c) {
        SqlScript s = SqlAnalyzer.analyze(c.sql());
        List<String> kinds = c.expectations().stream().filter(e -> !e.startsWith("table:")).toList();
        assertThat(s.unparseable()).as("%s%n  unparseable: %s", c.where(), s.problems()).isFalse();
        assertThat(s.statements().stream().map(SqlStatement::kind).toList())
                .as("%s%n  kinds of %s", c.where(), s).isEqualTo(kinds);
        assertThat(s.statements()).as("%s%n  where missing in %s", c.where(), s)
                .noneMatch(SqlStatement::whereMissing);
        assertThat(s.statements()).as("%s%n  a dangerous kind not listed in %s", c.where(), s)
                .allMatch(st -> !DANGEROUS.contains(st.kind()) || kinds.contains(st.kind()));
        for (String e : c.expectations()) {
            if (e.startsWith("table:")) {
                assertThat(holds(s, e)).as("%s%n  expected %s%n  got %s", c.where(), e, s).isTrue();
            }
        }
    }

    private static boolean holds(SqlScript s, String expectation) {
        if (expectation.equals("multiple")) {
            return s.multipleStatements();
        }
        if (expectation.equals("unparseable")) {
            return s.unparseable();
        }
        if (expectation.startsWith("table:")) {
            String table = expectation.substring("table:".length());
            return s.statements().stream().anyMatch(st -> st.tables().contains(table));
        }
        if (expectation.endsWith(":where-missing")) {
            String kind = expectation.substring(0, expectation.indexOf(':'));
            return s.statements().stream().anyMatch(st -> st.kind().equals(kind) && st.whereMissing());
        }
        return s.statements().stream().anyMatch(st -> st.kind().equals(expectation));
    }
}
