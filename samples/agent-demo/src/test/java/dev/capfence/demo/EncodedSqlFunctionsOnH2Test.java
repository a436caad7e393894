package dev.capfence.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's database is H2: every spelling of a file function in {@code encoded-functions-h2.tsv} is run on a
 * real in-memory H2, which must do what the line records, and the demo policy must deny each one H2 runs.
 */
class EncodedSqlFunctionsOnH2Test {

    private static final String IN_TEXT = "capfence-in";

    @TempDir
    Path dir;

    @Test
    void everySpellingH2RunsIsDenied() throws Exception {
        ActionRuntime demo = ActionRuntime.fromPolicy(Policy.load("classpath:policy.yaml"));
        Files.writeString(dir.resolve("in.txt"), IN_TEXT);
        List<String[]> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
        int ran = 0;
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:demo-functions-" + UUID.randomUUID(), "sa", "")) {
            for (int k = 0; k < cases.size(); k++) {
                String[] c = cases.get(k);
                Path out = dir.resolve("out-" + k + ".txt");
                String sql = c[3].replace("\\n", "\n").replace("{out}", out.toString())
                        .replace("{in}", dir.resolve("in.txt").toString());
                String engine = run(h2, sql, out);
                assertThat(engine).as("what H2 did with %s", sql).isEqualTo(c[1]);
                if (engine.equals("runs")) {
                    ran++;
                    ActionEvent event = ActionEvent.builder().actor("agent").capability("sql.execute")
                            .payload(Map.of("sql", sql)).build();
                    assertThat(demo.evaluate(event).decision()).as("demo verdict for %s", sql).isEqualTo(Decision.DENY);
                }
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(10);
    }

    private static String run(Connection h2, String sql, Path out) {
        String value;
        try (Statement s = h2.createStatement()) {
            value = null;
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    value = rs.next() ? rs.getString(1) : null;
                }
            }
        } catch (SQLException e) {
            return "error";
        }
        return Files.exists(out) || IN_TEXT.equals(value) ? "runs" : "ran without the function's effect: " + value;
    }

    private static List<String[]> cases() throws IOException {
        String text;
        try (InputStream in = EncodedSqlFunctionsOnH2Test.class.getResourceAsStream("/encoded-functions-h2.tsv")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] f = line.split("\t", 4);
                assertThat(f).as(line).hasSize(4);
                out.add(f);
            }
        }
        return out;
    }
}
