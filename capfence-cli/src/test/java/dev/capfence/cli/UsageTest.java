package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors exit 2 with a message on stderr and nothing on stdout; help and version exit 0. */
class UsageTest {

    @TempDir
    Path dir;

    private Cli.Run run(String args) {
        write(dir, "shell.yaml", SEED_POLICY);
        write(dir, "event.json", RM_RF_EVENT);
        String[] parts = args.isEmpty() ? new String[0]
                : args.replace("POLICY", dir.resolve("shell.yaml").toString())
                        .replace("EVENT", dir.resolve("event.json").toString()).split(" ");
        return Cli.run(parts);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "frobnicate",
            "check",
            "check --event EVENT",
            "check --policy POLICY",
            "check --policy POLICY --event EVENT --events EVENT",
            "check --policy POLICY --event EVENT --bogus",
            "check --policy POLICY --event EVENT --format xml",
            "check --policy POLICY --event EVENT extra",
            "check --policy",
            "lint",
            "test",
            "explain --policy POLICY",
            "policy",
            "policy diff POLICY POLICY",
            "check-policy"
    })
    void usageErrorsExit2WithAMessageOnStderrOnly(String args) {
        Cli.Run run = run(args);

        assertThat(run.exit()).as(args).isEqualTo(2);
        assertThat(run.out()).as(args).isEmpty();
        assertThat(run.err()).as(args).isNotBlank().doesNotContain("\tat ");
    }

    @Test
    void anUnknownOptionIsNamedEvenWhenARequiredOneIsMissing() {
        Cli.Run run = run("check --bogus");

        assertThat(run.err()).contains("--bogus").contains("--policy").contains("capfence check --help");
    }

    @Test
    void conflictingInputsAreExplained() {
        Cli.Run run = run("check --policy POLICY --event EVENT --events EVENT");

        assertThat(run.err()).contains("mutually exclusive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "check --help", "lint --help", "test --help", "explain --help",
            "policy --help", "policy test --help", "policy explain --help", "check-policy --help", "help check"})
    void helpGoesToStdoutAndExits0(String args) {
        Cli.Run run = run(args);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: capfence");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        Cli.Run run = run("--help");

        assertThat(run.out()).contains("check", "lint, check-policy", "test", "explain", "policy", "Exit codes:");
    }

    @Test
    void versionIsPrinted() {
        Cli.Run run = run("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("capfence ").doesNotContain("${");
    }
}
