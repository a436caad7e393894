package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads {@code semantics/sql/functions.txt} (which functions a text calls, attacks and look-alikes) and
 * {@code semantics/sql/where.txt} (always-true conditions and ordinary filters).
 */
class SqlFunctionAndWhereCorpusTest {

    static Stream<SqlEvasionCorpusTest.Case> functions() throws IOException {
        return SqlEvasionCorpusTest.read("functions.txt").stream();
    }

    static Stream<SqlEvasionCorpusTest.Case> conditions() throws IOException {
        return SqlEvasionCorpusTest.read("where.txt").stream();
    }

    @Test
    void theCorporaHoldAtLeastFifteenAttacksAndFifteenLookalikes() throws IOException {
        List<SqlEvasionCorpusTest.Case> calls = SqlEvasionCorpusTest.read("functions.txt");
        assertThat(calls.stream().filter(SqlFunctionAndWhereCorpusTest::isAttack)).hasSizeGreaterThanOrEqualTo(15);
        assertThat(calls.stream().filter(c -> !isAttack(c))).hasSizeGreaterThanOrEqualTo(15);
        List<SqlEvasionCorpusTest.Case> where = SqlEvasionCorpusTest.read("where.txt");
        assertThat(where.stream().filter(c -> c.expectations().contains("always"))).hasSizeGreaterThanOrEqualTo(15);
        assertThat(where.stream().filter(c -> c.expectations().contains("filter"))).hasSizeGreaterThanOrEqualTo(15);
    }

    private static boolean isAttack(SqlEvasionCorpusTest.Case c) {
        return c.expectations().stream().anyMatch(e -> e.startsWith("+") || e.equals("unparseable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyCallIsListedAndNoLookalikeIs(SqlEvasionCorpusTest.Case c) {
        SqlScript s = SqlAnalyzer.analyze(c.sql());
        if (!isAttack(c)) {
            assertThat(s.unparseable()).as("%s%n  unparseable: %s", c.where(), s.problems()).isFalse();
        }
        for (String e : c.expectations()) {
            if (e.equals("unparseable")) {
                assertThat(s.unparseable()).as("%s%n  got %s", c.where(), s).isTrue();
            } else if (e.startsWith("+")) {
                assertThat(s.statements()).as("%s%n  expected a call of %s", c.where(), e)
                        .anyMatch(st -> st.functions().contains(e.substring(1)));
            } else {
                assertThat(s.statements()).as("%s%n  expected no call of %s", c.where(), e)
                        .noneMatch(st -> st.functions().contains(e.substring(1)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void alwaysTrueConditionsCountAsMissingAndFiltersDoNot(SqlEvasionCorpusTest.Case c) {
        SqlScript s = SqlAnalyzer.analyze(c.sql());
        assertThat(s.unparseable()).as("%s%n  unparseable: %s", c.where(), s.problems()).isFalse();
        boolean always = c.expectations().contains("always");
        assertThat(s.statements().stream().anyMatch(SqlStatement::whereMissing))
                .as("%s%n  where missing in %s", c.where(), s).isEqualTo(always);
    }
}
