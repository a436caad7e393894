package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {

    @TempDir
    Path dir;

    Path passing;
    Path failing;

    @BeforeEach
    void suites() {
        write(dir, "shell.yaml", SEED_POLICY);
        passing = write(dir, "passing.yaml", """
                suite: shell
                policy: shell.yaml
                cases:
                  - name: rm is denied
                    event: {actor: ops, capability: shell.exec.production, payload: {command: "rm -rf /"}}
                    expected: {verdict: deny, reason_code: policy_deny}
                  - name: ls is allowed
                    event: {actor: ops, capability: shell.exec.readonly, payload: {command: "ls"}}
                    expected: {verdict: allow, rule_id: "allow[0]"}
                  - name: upstream nested form, block spelling
                    event: {actor: {id: ops, role: automation}, action: {capability: shell.exec.production}, payload: {command: "rm -rf /"}}
                    expected: {verdict: block}
                """);
        failing = write(dir, "failing.yaml", """
                suite: wrong
                policy: shell.yaml
                cases:
                  - name: still passes
                    event: {actor: ops, capability: shell.exec.readonly}
                    expected: {verdict: allow}
                  - name: expects allow
                    event: {actor: ops, capability: shell.exec.production, payload: {command: "rm -rf /"}}
                    expected: {verdict: allow}
                """);
    }

    @Test
    void aPassingSuiteExits0() {
        Cli.Run run = Cli.run("test", passing.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("3 passed, 0 failed\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aFailingCaseIsPrintedAndExits1() {
        Cli.Run run = Cli.run("test", passing.toString(), failing.toString());

        assertThat(run.exit()).isEqualTo(1);
        List<String> lines = run.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("FAIL wrong / expects allow: expected allow, got deny (policy_deny, rule deny[0])");
        assertThat(lines.get(1)).isEqualTo("4 passed, 1 failed");
    }

    @Test
    void aFileThatIsNotASuiteExits2WithNothingOnStdout() {
        Path policy = dir.resolve("shell.yaml");

        Cli.Run notASuite = Cli.run("test", passing.toString(), policy.toString());
        Cli.Run missing = Cli.run("test", dir.resolve("nope.yaml").toString());
        Cli.Run notYaml = Cli.run("test", write(dir, "broken.yaml", "cases: [\n").toString());

        assertThat(notASuite.exit()).isEqualTo(2);
        assertThat(notASuite.out()).isEmpty();
        assertThat(notASuite.err()).contains("shell.yaml").contains("cases");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("cannot read suite").contains("no such file");
        assertThat(notYaml.exit()).isEqualTo(2);
        assertThat(notYaml.out()).isEmpty();
    }

    @Test
    void aCaseWhosePolicyDoesNotLoadFails() {
        write(dir, "bad.yaml", "deny:\n  - capability: shell.exec\n    bogus: 1\n");
        Path suite = write(dir, "badpolicy.yaml", """
                cases:
                  - name: broken policy
                    policy: bad.yaml
                    event: {actor: ops, capability: shell.exec}
                    expected: {verdict: deny}
                """);

        Cli.Run run = Cli.run("test", suite.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL badpolicy.yaml / broken policy: policy does not load:")
                .contains("bad.yaml:3:5: unknown key 'bogus'")
                .endsWith("\n0 passed, 1 failed\n");
    }

    @Test
    void policyTestIsTheUpstreamSpelling() {
        assertThat(Cli.run("policy", "test", passing.toString()).out()).isEqualTo("3 passed, 0 failed\n");
        Cli.Run run = Cli.run("policy", "test", failing.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).last().isEqualTo("1 passed, 1 failed");
    }
}
