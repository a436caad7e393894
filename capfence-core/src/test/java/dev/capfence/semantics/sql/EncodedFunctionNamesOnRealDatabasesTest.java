package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code semantics/sql/encoded-functions.tsv} on the database it targets (an in-memory
 * H2, an embedded PostgreSQL server), checks that the engine does what the case records (the named
 * function ran, or the engine rejected the text), that the analyzer lists the name as the engine decoded
 * it, and that the SQL pack denies every case the engine ran.
 */
class EncodedFunctionNamesOnRealDatabasesTest {

    private static final String IN_TEXT = "capfence-in";

    record Case(int line, String database, String engine, String decoded, String sql) {
        @Override
        public String toString() {
            return "line " + line + " " + database + " " + engine + ": " + sql;
        }
    }

    @TempDir
    static Path dir;
    private static EmbeddedPostgres pg;
    private static Connection h2;
    private static Connection postgres;
    private static String pgVersionFile;
    private static final List<ActionRuntime> PACKS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        postgres = pg.getPostgresDatabase().getConnection();
        h2 = DriverManager.getConnection("jdbc:h2:mem:functions-" + UUID.randomUUID(), "sa", "");
        Files.writeString(dir.resolve("in.txt"), IN_TEXT);
        pgVersionFile = firstValue(postgres, "SELECT pg_read_file('PG_VERSION')");
        for (String variant : List.of("baseline", "strict", "permissive")) {
            PACKS.add(ActionRuntime.fromPolicy(Policy.load("classpath:capfence/packs/sql/" + variant + ".yaml")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (h2 != null) {
            h2.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    static List<Case> read() throws IOException {
        String text;
        try (InputStream in = EncodedFunctionNamesOnRealDatabasesTest.class
                .getResourceAsStream("/semantics/sql/encoded-functions.tsv")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].startsWith("#")) {
                continue;
            }
            String[] f = lines[i].split("\t", 4);
            assertThat(f).as("line %d has four TAB-separated fields", i + 1).hasSize(4);
            cases.add(new Case(i + 1, f[0], f[1], f[2], f[3].replace("\\n", "\n")));
        }
        return cases;
    }

    static Stream<Case> cases() throws IOException {
        return read().stream();
    }

    @Test
    void theCorpusCoversBothDatabases() throws IOException {
        List<Case> cases = read();
        assertThat(cases.stream().filter(c -> c.database().equals("h2"))).hasSizeGreaterThanOrEqualTo(15);
        assertThat(cases.stream().filter(c -> c.database().equals("postgresql"))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cases.stream().filter(c -> c.engine().equals("runs"))).hasSizeGreaterThanOrEqualTo(15);
        assertThat(cases.stream().filter(c -> c.engine().equals("error"))).hasSizeGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEngineRunsWhatTheCaseSaysAndCapFenceSeesTheSameName(Case c) throws Exception {
        Path out = dir.resolve("out-" + c.line() + ".txt");
        String sql = c.sql().replace("{out}", out.toString()).replace("{in}", dir.resolve("in.txt").toString());

        assertThat(engine(c.database(), sql, out)).as("what the real %s did", c.database()).isEqualTo(c.engine());

        SqlScript script = SqlAnalyzer.analyze(sql);
        assertThat(script.statements()).as("functions CapFence lists for %s", script)
                .anyMatch(st -> st.functions().contains(c.decoded()));
        if (c.engine().equals("runs")) {
            ActionEvent event = ActionEvent.builder().actor("db").capability("sql.execute")
                    .payload(Map.of("query", sql)).build();
            for (ActionRuntime pack : PACKS) {
                assertThat(pack.evaluate(event).decision()).as("SQL pack verdict").isEqualTo(Decision.DENY);
            }
        }
    }

    /** "runs" when the named function's effect is seen, "error" when the engine rejects the text. */
    private static String engine(String database, String sql, Path out) throws SQLException {
        Connection c = database.equals("h2") ? h2 : postgres;
        String value;
        try {
            value = firstValue(c, sql);
        } catch (SQLException e) {
            return "error";
        }
        if (database.equals("h2")) {
            return Files.exists(out) || IN_TEXT.equals(value) ? "runs" : "ran without the function's effect: " + value;
        }
        return pgVersionFile.equals(value) ? "runs" : "ran without the function's effect: " + value;
    }

    private static String firstValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
