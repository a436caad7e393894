package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.LS_EVENT;
import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    Path policy;

    @BeforeEach
    void seedPolicy() {
        policy = write(dir, "shell.yaml", SEED_POLICY);
    }

    @Test
    void seedScenarioIsDeniedAndTheToolIsNotInvoked() {
        Path event = write(dir, "event.json", RM_RF_EVENT);

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.lines()).hasSize(1);
        Map<String, Object> v = json(run.lines().get(0));
        assertThat(v).containsEntry("decision", "deny")
                .containsEntry("authorized", false)
                .containsEntry("reason_code", "policy_deny")
                .containsEntry("tool_invoked", false)
                .containsEntry("capability", "shell.exec.production")
                .containsEntry("rule_id", "deny[0]");
        assertThat((String) v.get("policy_sha256")).hasSize(64);
        // The keys come in Verdict.toMap order, so the output is stable for diffing and grepping.
        assertThat(List.copyOf(v.keySet())).containsExactly("id", "decision", "authorized", "reason_code", "reason",
                "rule_id", "capability", "policy_sha256", "tool_invoked", "approval_id", "evaluation_nanos", "mode");
    }

    @Test
    void anEventDocumentMaySpanLines() {
        Path event = write(dir, "event.json", """
                {
                  "id": "pretty",
                  "actor": "ops-agent",
                  "capability": "shell.exec.readonly",
                  "payload": {"command": "ls"}
                }
                """);

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString());

        assertThat(run.exit()).isZero();
        assertThat(json(run.out())).containsEntry("id", "pretty").containsEntry("decision", "allow");
    }

    @Test
    void upstreamNestedEventFormIsRead() {
        Path event = write(dir, "event.json", "{\"id\":\"up\",\"actor\":{\"id\":\"ops\",\"role\":\"automation\"},"
                + "\"action\":{\"capability\":\"shell.exec.production\"},\"payload\":{\"command\":\"rm -rf /\"}}");

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString());

        assertThat(json(run.out())).containsEntry("decision", "deny").containsEntry("reason_code", "policy_deny");
    }

    @Test
    void jsonlGivesOneVerdictPerEventInOrderAndABrokenLineIsDenied() {
        Path events = write(dir, "events.jsonl", String.join("\n",
                LS_EVENT,
                "",
                "{\"id\":\"rm-1\"," + RM_RF_EVENT.substring(1),
                "   ",
                "{not json",
                "{\"id\":\"bad-payload\",\"actor\":\"a\",\"capability\":\"shell.exec.readonly\",\"payload\":[1]}",
                "{\"id\":\"unknown\",\"actor\":\"a\",\"capability\":\"mail.send\"}") + "\n");

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        List<Map<String, Object>> verdicts = run.lines().stream().map(Fixtures::json).toList();
        assertThat(verdicts).hasSize(5); // blank lines are skipped
        assertThat(verdicts.get(0)).containsEntry("id", "ls-1").containsEntry("decision", "allow")
                .containsEntry("authorized", true);
        assertThat(verdicts.get(1)).containsEntry("id", "rm-1").containsEntry("decision", "deny")
                .containsEntry("reason_code", "policy_deny");
        assertThat(verdicts.get(2)).containsEntry("decision", "deny").containsEntry("reason_code", "invalid_event")
                .containsEntry("tool_invoked", false);
        assertThat((String) verdicts.get(2).get("reason")).startsWith("line 5: event is not valid JSON");
        assertThat(verdicts.get(3)).containsEntry("id", "bad-payload").containsEntry("reason_code", "invalid_event");
        assertThat(verdicts.get(4)).containsEntry("id", "unknown").containsEntry("reason_code", "no_matching_rule");
    }

    @Test
    void textThatIsNotUtf8IsDeniedNotGuessed() throws Exception {
        Path events = dir.resolve("latin1.jsonl");
        Files.write(events, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString());

        assertThat(run.exit()).isZero();
        assertThat(json(run.out())).containsEntry("reason_code", "invalid_event")
                .containsEntry("reason", "line 1: event is not UTF-8 text");
    }

    @Test
    void eventsAreReadFromStdinWithDash() {
        String stdin = LS_EVENT + "\r\n" + "garbage\n" + "{\"id\":\"rm-2\"," + RM_RF_EVENT.substring(1); // no final newline

        Cli.Run run = Cli.runWithStdin(stdin, "check", "--policy", policy.toString(), "--events", "-");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).extracting(l -> json(l).get("decision")).containsExactly("allow", "deny", "deny");
        assertThat(json(run.lines().get(1))).containsEntry("reason_code", "invalid_event");
        assertThat(json(run.lines().get(2))).containsEntry("id", "rm-2").containsEntry("reason_code", "policy_deny");
    }

    @Test
    void textFormatPrintsABlockPerEvent() {
        Path events = write(dir, "events.jsonl", RM_RF_EVENT + "\n" + LS_EVENT + "\n");

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(), "--format", "text");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Decision: deny
                Reason: policy_deny
                Reason code: policy_deny
                Rule: deny[0]
                Capability: shell.exec.production
                Tool invoked: false

                Decision: allow
                Reason: policy_allow
                Reason code: policy_allow
                Rule: allow[0]
                Capability: shell.exec.readonly
                Tool invoked: false
                """);
    }

    @Test
    void anInvalidPolicyFailsWithEveryProblemLocatedAndNoVerdict() {
        Path bad = write(dir, "bad.yaml", """
                deny:
                  - capability: shell.exec.production
                    contans: "rm -rf"
                """);
        Path event = write(dir, "event.json", RM_RF_EVENT);

        Cli.Run run = Cli.run("check", "--policy", bad.toString(), "--event", event.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(bad + ":3:5: unknown key 'contans'");
        assertThat(run.err().lines().findFirst().orElseThrow()).matches(".+:\\d+:\\d+: .+");
    }

    @Test
    void aMissingPolicyFails() {
        Path event = write(dir, "event.json", RM_RF_EVENT);

        Cli.Run run = Cli.run("check", "--policy", dir.resolve("nope.yaml").toString(), "--event", event.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nope.yaml:1:1: cannot read policy: no such file");
    }

    @Test
    void anUnreadableEventsFileFailsWithNothingOnStdout() {
        Cli.Run missing = Cli.run("check", "--policy", policy.toString(), "--events", dir.resolve("none.jsonl").toString());
        Cli.Run directory = Cli.run("check", "--policy", policy.toString(), "--event", dir.toString());

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("cannot read events file").contains("no such file");
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.out()).isEmpty();
        assertThat(directory.err()).contains("cannot read event file");
    }

    @Test
    void anEmptyEventDocumentIsDenied() {
        Path event = write(dir, "event.json", "");

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString());

        assertThat(run.exit()).isZero();
        assertThat(json(run.out())).containsEntry("decision", "deny").containsEntry("reason_code", "invalid_event");
    }
}
