package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {

    @TempDir
    Path dir;

    @Test
    void aValidPolicyIsReportedWithItsRuleCountAndHash() {
        Path policy = write(dir, "shell.yaml", SEED_POLICY);

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).matches("OK \\Q" + policy + "\\E \\(2 rules, sha256 [0-9a-f]{64}\\)\n");
    }

    @Test
    void anUnknownKeyIsLocatedByLineAndColumn() {
        Path policy = write(dir, "typo.yaml", """
                deny:
                  - capability: shell.exec
                    contians: "rm -rf"
                """);

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).startsWith(policy + ":3:5: unknown key 'contians'");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aBadRegexIsReported() {
        Path policy = write(dir, "regex.yaml", """
                deny:
                  - capability: shell.exec
                    match_regex: ["(unclosed"]
                """);

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).matches("(?s)\\Q" + policy + "\\E:3:\\d+: bad regex.*");
    }

    @Test
    void aBadGlobIsReported() {
        Path policy = write(dir, "glob.yaml", """
                allow:
                  - capability: "pay[ments"
                """);

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).matches("(?s)\\Q" + policy + "\\E:2:\\d+: bad glob 'pay\\[ments'.*");
    }

    @Test
    void aMissingExtendsTargetIsReported() {
        Path policy = write(dir, "child.yaml", """
                extends: base.yaml
                allow:
                  - capability: shell.exec.readonly
                """);

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).startsWith(policy + ":1:").contains("extends target").contains("base.yaml");
    }

    @Test
    void anEmptyPolicyIsReported() {
        Path policy = write(dir, "empty.yaml", "");

        Cli.Run run = Cli.run("lint", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).startsWith(policy + ":1:1: empty policy");
    }

    @Test
    void aMissingFileIsAProblemToo() {
        Cli.Run run = Cli.run("lint", dir.resolve("nope.yaml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("nope.yaml:1:1: cannot read policy");
    }

    @Test
    void everyFileIsCheckedAndOneBadFileFailsTheRun() {
        Path good = write(dir, "good.yaml", SEED_POLICY);
        Path bad = write(dir, "bad.yaml", "deny:\n  - capability: shell.exec\n    bogus: 1\n");

        Cli.Run run = Cli.run("lint", good.toString(), bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).startsWith("OK " + good);
        assertThat(run.lines().get(1)).startsWith(bad + ":3:5: unknown key 'bogus'");
    }

    @Test
    void checkPolicyIsTheUpstreamSpelling() {
        Path good = write(dir, "good.yaml", SEED_POLICY);
        Path bad = write(dir, "empty.yaml", "");

        assertThat(Cli.run("check-policy", good.toString()).exit()).isZero();
        Cli.Run run = Cli.run("check-policy", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains(":1:1: empty policy");
    }
}
