package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capfence check} on events that read differently in different readers, or are too large to read. */
class CheckEventLimitsTest {

    @TempDir
    Path dir;

    Path policy;

    @BeforeEach
    void seedPolicy() {
        policy = write(dir, "shell.yaml", SEED_POLICY);
    }

    @Test
    void aDuplicateKeyIsAnInvalidEventInBothInputForms() {
        String event = "{\"id\": \"dup\", \"actor\": \"ops-agent\", \"capability\": \"shell.exec.readonly\", "
                + "\"payload\": {\"command\": \"ls\", \"comm\\u0061nd\": \"rm -rf /\"}}";
        Cli.Run one = Cli.run("check", "--policy", policy.toString(), "--event", write(dir, "e.json", event).toString());
        assertThat(one.exit()).isZero();
        Map<String, Object> v = json(one.lines().get(0));
        assertThat(v).containsEntry("decision", "deny").containsEntry("reason_code", "invalid_event")
                .containsEntry("reason", "duplicate key \"command\" at payload");

        Cli.Run lines = Cli.runWithStdin("{\"actor\": \"a\", \"capability\": \"x\"}\n" + event + "\n",
                "check", "--policy", policy.toString(), "--events", "-");
        assertThat(lines.lines()).hasSize(2);
        assertThat(json(lines.lines().get(1))).containsEntry("reason_code", "invalid_event")
                .containsEntry("reason", "line 2: duplicate key \"command\" at payload");
    }

    @Test
    void aNumberActorIsAnInvalidEvent() {
        Cli.Run run = Cli.runWithStdin("{\"actor\": 7, \"capability\": \"shell.exec.readonly\", \"payload\": {\"command\": \"ls\"}}\n",
                "check", "--policy", policy.toString(), "--events", "-");
        assertThat(json(run.lines().get(0))).containsEntry("reason_code", "invalid_event")
                .containsEntry("reason", "line 1: actor must be a string, not a number");
    }

    @Test
    void anOversizedLineIsDeniedAndTheNextLineIsStillDecided() {
        String big = "{\"actor\": \"a\", \"capability\": \"shell.exec.readonly\", \"payload\": {\"command\": \"ls "
                + "x".repeat(300) + "\"}}";
        String small = "{\"id\": \"s\", \"actor\": \"ops-agent\", \"capability\": \"shell.exec.readonly\", "
                + "\"payload\": {\"command\": \"ls\"}}";
        Cli.Run run = Cli.runWithStdin(big + "\n" + small + "\n", "check", "--policy", policy.toString(),
                "--events", "-", "--max-payload-bytes", "200");
        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(json(run.lines().get(0))).containsEntry("decision", "deny")
                .containsEntry("reason_code", "payload_too_large")
                .containsEntry("reason", "line 1: event is " + big.length() + " bytes, over the limit of 200 bytes");
        assertThat(json(run.lines().get(1))).containsEntry("id", "s").containsEntry("decision", "allow");
    }

    @Test
    void aTooDeepEventIsDeniedAndTheDepthIsConfigurable() {
        String deep = "{\"actor\": \"a\", \"capability\": \"shell.exec.readonly\", \"payload\": {\"a\": {\"b\": {}}}}";
        Path event = write(dir, "deep.json", deep);
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString(), "--max-depth", "3");
        assertThat(json(run.lines().get(0))).containsEntry("reason_code", "payload_too_large")
                .containsEntry("reason", "event nests deeper than 3 levels at payload.a.b");
        Cli.Run defaults = Cli.run("check", "--policy", policy.toString(), "--event", event.toString());
        assertThat(json(defaults.lines().get(0))).containsEntry("decision", "allow");
    }

    @Test
    void limitsOutOfRangeAreAUsageError() {
        Path event = write(dir, "e.json", "{}");
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString(), "--max-depth", "1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--max-depth").contains("maxDepth must be between 2 and 1000, was 1");
    }
}
