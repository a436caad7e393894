package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    static final String POLICY = """
            require_approval:
              - id: large
                capability: payments.refund
                amount_gt: 500
            allow:
              - id: small
                capability: payments.refund
                amount_lte: 500
            """;

    static String decision(int seq, String id, Object amount, String decision) {
        return "{\"v\":1,\"seq\":" + seq + ",\"ts\":\"2026-11-27T10:00:0" + seq + "Z\",\"type\":\"decision\","
                + "\"event\":{\"id\":\"" + id + "\",\"actor\":\"support-agent\",\"capability\":\"payments.refund\","
                + "\"payload\":{\"amount\":" + amount + "}},\"decision\":\"" + decision + "\",\"reason_code\":\"policy_"
                + decision + "\",\"rule_id\":\"r\",\"prev_hash\":\"0\",\"hash\":\"1\"}";
    }

    static final String LOG = String.join("\n",
            decision(1, "small", 50, "allow"),
            decision(2, "mid", 700, "allow"),
            "{\"v\":1,\"seq\":3,\"type\":\"outcome\",\"event_id\":\"small\",\"tool_invoked\":true}",
            decision(4, "big", 5000, "deny"),
            "") ;

    @TempDir
    Path dir;

    Path policy;
    Path log;

    @BeforeEach
    void files() {
        policy = write(dir, "refunds.yaml", POLICY);
        log = write(dir, "audit.jsonl", LOG);
    }

    @Test
    void textShowsEachDecisionRecordThenTotalsByTransition() {
        Cli.Run run = Cli.run("replay", log.toString(), "--policy", policy.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                Recorded: payments.refund
                Original: ALLOW
                Replayed: ALLOW
                Changed: false
                Event: small (line 1, actor support-agent)
                Replayed rule: small (policy_allow)

                Recorded: payments.refund
                Original: ALLOW
                Replayed: REQUIRE_APPROVAL
                Changed: true
                Event: mid (line 2, actor support-agent)
                Replayed rule: large (policy_require_approval)

                Recorded: payments.refund
                Original: DENY
                Replayed: REQUIRE_APPROVAL
                Changed: true
                Event: big (line 4, actor support-agent)
                Replayed rule: large (policy_require_approval)

                Totals (3 decisions replayed against %s):
                allow -> require_approval: 1
                deny -> require_approval: 1
                unchanged: 1
                """.formatted(policy));
    }

    @Test
    void onlyChangedHidesUnchangedRecordsButTotalsCountEveryRecord() {
        Cli.Run run = Cli.run("replay", log.toString(), "--policy", policy.toString(), "--only-changed");

        assertThat(run.out()).doesNotContain("Event: small").contains("Event: mid", "Event: big", "unchanged: 1");
        assertThat(run.lines().stream().filter(l -> l.startsWith("Recorded:"))).hasSize(2);
    }

    @Test
    void jsonIsOneObjectWithRecordsAndASummary() {
        Cli.Run run = Cli.run("replay", log.toString(), "--policy", policy.toString(), "--format", "json", "--only-changed");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(1);
        Map<String, Object> out = json(run.out());
        assertThat((String) out.get("policy_sha256")).hasSize(64);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = (List<Map<String, Object>>) out.get("records");
        assertThat(records).extracting(r -> r.get("id")).containsExactly("mid", "big");
        assertThat(records.get(0)).containsEntry("line", 2).containsEntry("format", "capfence")
                .containsEntry("capability", "payments.refund").containsEntry("original", "allow")
                .containsEntry("replayed", "require_approval").containsEntry("replayed_rule_id", "large")
                .containsEntry("changed", true).containsEntry("transition", "allow -> require_approval")
                .containsEntry("redacted", false);
        assertThat(out.get("summary")).isEqualTo(Map.of("total", 3, "changed", 2, "unchanged", 1, "redacted", 0,
                "unreadable", 0, "transitions", Map.of("allow -> require_approval", 1, "deny -> require_approval", 1)));
        assertThat(out.get("unreadable")).isEqualTo(List.of());
    }

    @Test
    void failOnChangeExitsOneOnlyWhenADecisionChanged() {
        Path unchanged = write(dir, "same.jsonl", decision(1, "small", 50, "allow") + "\n");

        assertThat(Cli.run("replay", log.toString(), "--policy", policy.toString(), "--fail-on-change").exit()).isEqualTo(1);
        assertThat(Cli.run("replay", log.toString(), "--policy", policy.toString()).exit()).isZero();
        Cli.Run same = Cli.run("replay", unchanged.toString(), "--policy", policy.toString(), "--fail-on-change");
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("Changed: false", "unchanged: 1");
    }

    @Test
    void unreadableLinesAreNamedOnStderrAndCountedAndFailACheckForChanges() {
        Path broken = write(dir, "broken.jsonl", decision(1, "small", 50, "allow") + "\n{\"seq\":2,\"ty\n"
                + "{\"actor\":\"a\",\"tool\":\"x\",\"decision\":\"maybe\"}\n");

        Cli.Run run = Cli.run("replay", broken.toString(), "--policy", policy.toString());
        Cli.Run json = Cli.run("replay", broken.toString(), "--policy", policy.toString(), "--format", "json");
        Cli.Run ci = Cli.run("replay", broken.toString(), "--policy", policy.toString(), "--fail-on-change");

        assertThat(run.exit()).isZero();
        assertThat(run.err().lines()).satisfiesExactly(
                l -> assertThat(l).startsWith("capfence: " + broken + ":2: skipped: not valid JSON"),
                l -> assertThat(l).isEqualTo("capfence: " + broken + ":3: skipped: unknown decision 'maybe'"));
        assertThat(run.out()).contains("unreadable lines: 2 (named on stderr)");
        assertThat(json(json.out()).get("unreadable")).asList().hasSize(2);
        assertThat(ci.exit()).isEqualTo(1);
    }

    @Test
    void redactedRecordsAreFlagged() {
        Path redacted = write(dir, "redacted.jsonl", decision(1, "card", "\"[REDACTED]\"", "allow") + "\n");

        Cli.Run text = Cli.run("replay", redacted.toString(), "--policy", policy.toString());
        Cli.Run json = Cli.run("replay", redacted.toString(), "--policy", policy.toString(), "--format", "json");

        assertThat(text.out()).contains("Redacted: true", "redacted: 1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = (List<Map<String, Object>>) json(json.out()).get("records");
        assertThat(records.get(0)).containsEntry("redacted", true);
    }

    @Test
    void upstreamSamplesReplayAsTheirExpectedOutputSays() {
        // examples/side_effects/production_shell_boundary/expected_output.txt:
        //   replay: capfence replay audit_sample.jsonl --policy policy.yaml
        Path sample = Path.of("..", "capfence-core", "src", "test", "resources", "upstream", "examples", "side_effects",
                "production_shell_boundary");

        Cli.Run run = Cli.run("replay", sample.resolve("audit_sample.jsonl").toString(),
                "--policy", sample.resolve("policy.yaml").toString(), "--fail-on-change");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).startsWith("Recorded: shell.exec", "Original: DENY", "Replayed: DENY", "Changed: false",
                "Event: aud_shell_001 (line 1, actor ops-agent)");
    }

    @Test
    void theLogMayComeFromStdin() {
        Cli.Run run = Cli.runWithStdin(LOG, "replay", "-", "--policy", policy.toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        assertThat(((Map<?, ?>) json(run.out()).get("summary")).get("total")).isEqualTo(3);
    }

    @Test
    void usageErrorsUnreadableFilesAndInvalidPoliciesExitTwoWithNothingOnStdout() {
        Path invalid = write(dir, "invalid.yaml", "allow:\n  - capabilty: x\n");

        Cli.Run noPolicy = Cli.run("replay", log.toString());
        Cli.Run noFile = Cli.run("replay", dir.resolve("missing.jsonl").toString(), "--policy", policy.toString());
        Cli.Run badPolicy = Cli.run("replay", log.toString(), "--policy", invalid.toString());
        Cli.Run badFormat = Cli.run("replay", log.toString(), "--policy", policy.toString(), "--format", "yaml");

        for (Cli.Run run : List.of(noPolicy, noFile, badPolicy, badFormat)) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(noPolicy.err()).contains("Missing required option: '--policy=FILE'");
        assertThat(noFile.err()).contains("cannot read audit log", "no such file");
        assertThat(badPolicy.err()).contains("invalid.yaml:2:", "nothing was evaluated");
    }
}
