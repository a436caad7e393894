package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.store.jdbc.JdbcApprovalStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.h2.Driver;
import org.h2.jdbcx.JdbcDataSource;

/** The packaged jar, run as users run it: {@code java -jar capfence.jar ...} in its own process. */
class CapFenceJarIT {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private Result capfence(String... args) throws Exception {
        return capfenceWithStdin("", args);
    }

    private Result capfenceWithStdin(String stdin, String... args) throws Exception {
        return run(stdin, Map.of(), List.of("-jar", jar().toString()), args);
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("capfence.jar", "target/capfence.jar"));
        assertThat(jar).as("the shaded jar (run 'mvn verify')").isRegularFile();
        return jar;
    }

    private Result run(String stdin, Map<String, String> env, List<String> launch, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // The C locale makes Java 17's default charset ASCII: the verdicts must be UTF-8 regardless.
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("capfence finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDatabasePasswordComesFromTheEnvironment() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("ops");
        ds.setPassword("s3cret-pw"); // the first connection creates the database with this user and password
        JdbcApprovalStore.open(ds);
        // The shaded jar bundles the PostgreSQL driver only; H2's goes on the classpath, as the README says.
        String h2 = Path.of(Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> launch = List.of("-cp", jar() + File.pathSeparator + h2, "dev.capfence.cli.CapFenceCommand");

        Result withEnv = run("", Map.of("CAPFENCE_DB_PASSWORD", "s3cret-pw"), launch,
                "approvals", "list", "--jdbc-url", url, "--user", "ops");
        assertThat(withEnv.exit()).as(withEnv.err()).isZero();

        Result without = run("", Map.of(), launch, "approvals", "list", "--jdbc-url", url, "--user", "ops");
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("cannot use the store");
    }

    @Test
    void checkDeniesTheSeedScenario() throws Exception {
        Path policy = write(dir, "shell.yaml", SEED_POLICY);
        Path event = write(dir, "event.json", RM_RF_EVENT);

        Result r = capfence("check", "--policy", policy.toString(), "--event", event.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(1);
        assertThat(json(r.out())).containsEntry("decision", "deny")
                .containsEntry("reason_code", "policy_deny")
                .containsEntry("tool_invoked", false)
                .containsEntry("capability", "shell.exec.production");
    }

    @Test
    void theShippedPolicyPacksPassTheirCasesThroughCapfenceTest() throws Exception {
        Path packs = Path.of("..", "capfence-core", "src", "main", "resources", "capfence", "packs");
        List<String> args = new ArrayList<>(List.of("test"));
        for (String pack : List.of("shell", "sql", "filesystem", "payments", "mcp", "kubernetes")) {
            args.add(packs.resolve(pack).resolve("cases.yaml").toString());
        }

        Result r = capfence(args.toArray(new String[0]));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("\\d+ passed, 0 failed");
        assertThat(Integer.parseInt(lines.get(lines.size() - 1).split(" ")[0])).isGreaterThanOrEqualTo(60);
    }

    @Test
    void lintOfAnInvalidPolicyExits2() throws Exception {
        Path policy = write(dir, "bad.yaml", "deny:\n  - capability: shell.exec\n    contans: x\n");

        Result r = capfence("lint", policy.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith(policy + ":3:5: unknown key 'contans'");
    }

    @Test
    void eventsArePipedThroughStdinAndTheOutputIsUtf8() throws Exception {
        Path policy = write(dir, "de.yaml", """
                deny:
                  - capability: shell.exec.production
                    contains: "rm -rf"
                    reason: "Löschen → verboten"
                """);

        Result r = capfenceWithStdin(RM_RF_EVENT + "\nnot json\n", "check", "--policy", policy.toString(),
                "--events", "-");

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(json(lines.get(0))).containsEntry("reason", "Löschen → verboten");
        assertThat(json(lines.get(1))).containsEntry("reason_code", "invalid_event");
    }
}
