package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus {@code policy/regex-budget.txt}: each regex is written into a policy file twice, as a
 * {@code match_regex} and as a {@code when: matches}; a pattern over the budget is a load error at its
 * FILE:LINE:COLUMN within seconds (before the budget, {@code ((a{1000}){1000}){1000}} ran out of memory), one
 * within it loads and matches text.
 */
class RegexBudgetCorpusTest {

    @TempDir
    Path dir;

    static Stream<Arguments> regexes() {
        List<Arguments> out = new ArrayList<>();
        String[] lines = resource("policy/regex-budget.txt").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            String regex = line.substring(tab + 1);
            String shown = regex.length() > 50 ? regex.substring(0, 47) + "..." : regex;
            out.add(Arguments.of("regex-budget.txt:" + (i + 1) + " " + shown, line.substring(0, tab), regex));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regexes")
    void aRegexOverTheBudgetIsALoadErrorAtItsPlace(String where, String expect, String regex) throws IOException {
        Path file = dir.resolve("policy.yaml");
        String quoted = "'" + regex.replace("'", "''") + "'";
        Files.writeString(file, "name: regex-budget\n"
                + "deny:\n"
                + "  - id: by-match-regex\n"
                + "    capability: x\n"
                + "    match_regex: [" + quoted + "]\n"
                + "  - id: by-when\n"
                + "    capability: y\n"
                + "    when:\n"
                + "      payload.text: {matches: " + quoted + "}\n");
        PolicyException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> catchThrowableOfType(PolicyException.class, () -> Policy.load(file)));
        if (expect.equals("ok")) {
            assertThat(e).as(where + ": " + (e == null ? "" : e.problems())).isNull();
            return;
        }
        String message = expect.substring("too_large: ".length());
        assertThat(e).as(where).isNotNull();
        assertThat(e.problems()).as(where).hasSize(2);
        PolicyProblem byRegex = e.problems().get(0);
        PolicyProblem byWhen = e.problems().get(1);
        assertThat(byRegex.line()).isEqualTo(5);
        assertThat(byRegex.column()).isEqualTo(19);
        assertThat(byRegex.message()).isEqualTo("bad regex: " + message);
        assertThat(byRegex.toString()).startsWith(file + ":5:19: ");
        assertThat(byWhen.line()).isEqualTo(9);
        assertThat(byWhen.message()).isEqualTo("payload.text: " + message);
    }

    private static String resource(String name) {
        try (InputStream in = RegexBudgetCorpusTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
