package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.event.ActionEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {

    static final String RM_RF = "{\"v\":1,\"seq\":12,\"ts\":\"2026-11-27T10:00:00Z\",\"type\":\"decision\",\"event\":{"
            + "\"id\":\"e12\",\"actor\":\"ops-agent\",\"capability\":\"shell.exec.production\",\"payload\":{"
            + "\"command\":\"rm -rf /var/lib/postgresql\"}},\"decision\":\"deny\",\"reason_code\":\"policy_deny\","
            + "\"reason\":\"Recursive deletes in production are never run by an agent\",\"rule_id\":\"no-rm\","
            + "\"prev_hash\":\"a\",\"hash\":\"b\"}";

    static final String LS = "{\"v\":1,\"seq\":13,\"ts\":\"2026-11-27T10:01:00Z\",\"type\":\"decision\",\"event\":{"
            + "\"id\":\"e13\",\"actor\":\"ops-agent\",\"capability\":\"shell.exec.readonly\",\"payload\":{"
            + "\"command\":\"ls /var/log\"}},\"decision\":\"allow\",\"reason_code\":\"policy_allow\","
            + "\"reason\":\"policy_allow\",\"prev_hash\":\"b\",\"hash\":\"c\"}";

    static final String OUTCOME = "{\"v\":1,\"seq\":14,\"ts\":\"2026-11-27T10:01:01Z\",\"type\":\"outcome\","
            + "\"event_id\":\"e13\",\"decision_seq\":13,\"tool_invoked\":true,\"outcome\":\"success\",\"error\":null}";

    static final String REFUND = "{\"v\":1,\"seq\":15,\"ts\":\"2026-11-27T11:30:00Z\",\"type\":\"decision\",\"event\":{"
            + "\"id\":\"e15\",\"actor\":\"support-agent\",\"capability\":\"payments.refund\",\"payload\":{"
            + "\"amount\":5000,\"currency\":\"EUR\",\"card_number\":\"[REDACTED]\"}},\"decision\":\"require_approval\","
            + "\"reason_code\":\"policy_require_approval\",\"reason\":\"Refunds over 1000 need approval\","
            + "\"approval_id\":\"apr-1\",\"prev_hash\":\"c\",\"hash\":\"d\"}";

    static final String CHECKPOINT = "{\"v\":1,\"seq\":16,\"ts\":\"2026-11-27T12:00:00Z\",\"type\":\"checkpoint\","
            + "\"prev_file\":\"audit-1.jsonl\",\"prev_seq\":11,\"prev_hash\":\"d\",\"hash\":\"e\"}";

    static final String UPSTREAM = "{\"actor\":\"ide-agent\",\"tool\":\"mcp.filesystem.read\",\"payload\":{"
            + "\"path\":\"~/.ssh/id_rsa\"},\"decision\":\"deny\",\"reason\":\"secret_file_path\",\"upstream_mcp_invoked\":false}";

    @TempDir
    Path dir;

    Path log;

    @BeforeEach
    void file() {
        log = write(dir, "audit.jsonl", String.join("\n", RM_RF, LS, OUTCOME, REFUND, CHECKPOINT, UPSTREAM) + "\n");
    }

    Cli.Run logs(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "logs";
        args[1] = log.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return Cli.run(args);
    }

    @Test
    void oneAlignedLinePerRecordAsAPersonReadsIt() {
        Cli.Run run = logs();

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                2026-11-27T10:00:00Z  #12  deny              ops-agent      shell.exec.production  rm -rf /var/lib/postgresql                       (policy_deny: Recursive deletes in production are never run by an agent)
                2026-11-27T10:01:00Z  #13  allow             ops-agent      shell.exec.readonly    ls /var/log                                      (policy_allow)
                2026-11-27T10:01:01Z  #14  outcome           ops-agent      shell.exec.readonly    event e13: tool invoked, success
                2026-11-27T11:30:00Z  #15  require_approval  support-agent  payments.refund        amount=5000 currency=EUR card_number=[REDACTED]  (policy_require_approval: Refunds over 1000 need approval, approval apr-1)
                2026-11-27T12:00:00Z  #16  checkpoint        -              -                      prev_file=audit-1.jsonl prev_seq=11
                -                     -    deny              ide-agent      mcp.filesystem.read    ~/.ssh/id_rsa                                    (secret_file_path)
                """);
    }

    @Test
    void actorIsAGlob() {
        assertThat(logs("--actor", "support-*").lines()).singleElement().asString().contains("#15");
        // the checkpoint has no actor, so an actor filter leaves it out
        assertThat(logs("--actor", "*-agent").lines()).hasSize(5);
    }

    @Test
    void capabilityMatchesAsInPoliciesWithPrefixSemantics() {
        // shell.exec selects both sub-capabilities, and the outcome of the ls decision
        assertThat(logs("--capability", "shell.exec").lines()).extracting(l -> l.substring(22, 25))
                .containsExactly("#12", "#13", "#14");
        assertThat(logs("--capability", "mcp.*").lines()).singleElement().asString().contains("~/.ssh/id_rsa");
    }

    @Test
    void decisionSelectsDecisionsAndTheirOutcomes() {
        assertThat(logs("--decision", "allow").lines()).extracting(l -> l.substring(22, 25)).containsExactly("#13", "#14");
        assertThat(logs("--decision", "DENY").lines()).hasSize(2);
        assertThat(logs("--decision", "require_approval").lines()).singleElement().asString().contains("apr-1");
    }

    @Test
    void sinceTakesAnInstantOrAnAge() {
        assertThat(logs("--since", "2026-11-27T11:00:00Z").lines()).extracting(l -> l.substring(22, 25))
                .containsExactly("#15", "#16");
        assertThat(logs("--since", "2026-11-28").out()).isEmpty();
        // an age is counted back from now; records without a time (the upstream one) never match
        assertThat(logs("--since", "36500d").lines()).hasSize(5);
    }

    @Test
    void jsonPrintsTheMatchingLinesUnchanged() {
        Cli.Run run = logs("--json", "--actor", "ops-agent");

        assertThat(run.lines()).containsExactly(RM_RF, LS, OUTCOME);
    }

    @Test
    void controlCharactersInAPayloadCannotReachTheTerminal() {
        Path evil = write(dir, "evil.jsonl", UPSTREAM.replace("~/.ssh/id_rsa", "x\\u001b[2J\\u202Eevil\\nnext") + "\n");

        Cli.Run run = Cli.run("logs", evil.toString());

        assertThat(run.out()).contains("x\\u001B[2J\\u202Eevil\\nnext").doesNotContain("\u001b").hasLineCount(1);
    }

    @Test
    void unreadableLinesAreNamedOnStderr() {
        Path broken = write(dir, "broken.jsonl", RM_RF + "\n{\"v\":1,\"seq\":13,\"ty");

        Cli.Run run = Cli.run("logs", broken.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(1);
        assertThat(run.err()).startsWith("capfence: " + broken + ":2: skipped: not valid JSON");
    }

    @Test
    void badFiltersAreUsageErrors() {
        for (List<String> options : List.of(List.of("--decision", "maybe"), List.of("--since", "yesterday"))) {
            Cli.Run run = logs(options.toArray(String[]::new));
            assertThat(run.exit()).as(options.toString()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(logs("--decision", "maybe").err()).contains("'maybe' is not a decision");
        assertThat(logs("--since", "yesterday").err()).contains("'yesterday' is not a time");
        assertThat(Cli.run("logs", dir.resolve("none.jsonl").toString()).exit()).isEqualTo(2);
    }

    /**
     * The same four records as the actuator endpoint's filter test (AuditFilterEndpointTest in the starter), written by the
     * file sink at times before now: a glob and an age select the same records in both.
     */
    static Path sameRecordsAsTheEndpointTest(Path dir) {
        Instant now = Instant.now();
        Path file = dir.resolve("parity.jsonl");
        Object[][] records = {
                {"refund.issue", "allow", Duration.ofHours(3)},
                {"refund.issue.production", "require_approval", Duration.ofHours(1)},
                {"refunds.export", "allow", Duration.ofMinutes(30)},
                {"shell.exec", "deny", Duration.ofMinutes(10)}};
        for (int i = 0; i < records.length; i++) {
            Clock at = Clock.fixed(now.minus((Duration) records[i][2]), ZoneOffset.UTC);
            try (JsonlAuditSink sink = JsonlAuditSink.builder(file).clock(at).open()) {
                ActionEvent event = ActionEvent.builder().id("e" + (i + 1)).actor("support-agent").tool("t" + (i + 1))
                        .capability((String) records[i][0]).payload(Map.of("amount", 10)).build();
                sink.append(new AuditRecord.Decision(event.id(), event, (String) records[i][1], "r", "r", null,
                        "a".repeat(64), "enforce", null, null, null));
            }
        }
        return file;
    }

    @Test
    void aCapabilityGlobAndAnAgeSelectAsTheEndpointDoes() {
        Path file = sameRecordsAsTheEndpointTest(dir);
        assertThat(seqs(file, "--capability", "refund.*")).containsExactly(1L, 2L);
        assertThat(seqs(file, "--since", "2h")).containsExactly(2L, 3L, 4L);
        assertThat(seqs(file, "--capability", "refund.*", "--since", "2h")).containsExactly(2L);
        assertThat(seqs(file, "--tool", "T4")).containsExactly(4L);
    }

    static List<Long> seqs(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("logs", file.toString(), "--json"));
        args.addAll(List.of(options));
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run.lines().stream().map(l -> Long.parseLong(l.replaceAll(".*\"seq\":(\\d+).*", "$1"))).toList();
    }
}
