package dev.capfence.replay;

import dev.capfence.audit.AuditLog;
import dev.capfence.audit.AuditLogReader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayTest {

    static Path upstream() throws Exception {
        return Path.of(ReplayTest.class.getResource("/upstream/LICENSE").toURI()).getParent();
    }

    static Stream<Path> sideEffectSamples() throws Exception {
        try (Stream<Path> dirs = Files.list(upstream().resolve("examples/side_effects"))) {
            return dirs.sorted().toList().stream();
        }
    }

    static Stream<Path> packAuditExamples() throws Exception {
        try (Stream<Path> files = Files.walk(upstream().resolve("policies/packs"))) {
            return files.filter(f -> f.getFileName().toString().equals("audit_examples.jsonl")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sideEffectSamples")
    void everyUpstreamSideEffectSampleReplaysToItsRecordedDecisionUnderItsOwnPolicy(Path dir) throws Exception {
        AuditLog log = AuditLogReader.read(dir.resolve("audit_sample.jsonl"));

        ReplayReport report = Replay.run(log.decisions(), Policy.load(dir.resolve("policy.yaml")));

        assertThat(log.unreadable()).isEmpty();
        assertThat(report.total()).isEqualTo(1);
        assertThat(report.decisions()).allSatisfy(d -> {
            assertThat(d.changed()).as(d.recorded().id()).isFalse();
            assertThat(d.replayed().decision()).isEqualTo(Decision.DENY);
        });
        assertThat(report.totals()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("packAuditExamples")
    void everyUpstreamPackAuditExampleReplaysUnderItsPack(Path file) throws Exception {
        AuditLog log = AuditLogReader.read(file);
        long lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();

        ReplayReport report = Replay.run(log.decisions(), Policy.load(file.resolveSibling("policy.yaml")));

        assertThat(log.unreadable()).isEmpty();
        assertThat(report.total()).isEqualTo(lines);
        // every pack's examples (one deny, one allow) get upstream's decision from our engine
        assertThat(report.decisions()).allSatisfy(d -> assertThat(d.changed()).as(d.recorded().id()).isFalse());
        assertThat(report.decisions()).extracting(d -> d.recorded().original())
                .containsExactly(Decision.DENY, Decision.ALLOW);
    }

    @Test
    void upstreamDecisionsAreComparedWithOursUnderAnotherPolicy() throws Exception {
        AuditLog log = AuditLogReader.read(upstream().resolve("policies/packs/shell/audit_examples.jsonl"));
        Policy onlyProduction = Policy.parse("""
                deny:
                  - capability: shell.exec
                    environment: production
                """, "strict.yaml");

        ReplayReport report = Replay.run(log.decisions(), onlyProduction);

        // git status in development was allowed upstream; here nothing matches it: default deny
        assertThat(report.decisions()).extracting(d -> d.transition().toString())
                .containsExactly("deny -> deny", "allow -> deny");
        assertThat(report.decisions().get(1).replayed().reasonCode().wireName()).isEqualTo("no_matching_rule");
        assertThat(report.totals()).containsExactly(Map.entry(t(Decision.ALLOW, Decision.DENY), 1L));
    }

    static final Policy REFUNDS = Policy.parse("""
            deny:
              - id: unknown-merchant
                capability: payments.refund
                contains: unknown
            require_approval:
              - id: large
                capability: payments.refund
                amount_gt: 500
            allow:
              - id: small
                capability: payments.refund
                amount_lte: 500
            """, "refunds.yaml");

    static String record(String id, int amount, String merchant, String decision) {
        return "{\"type\":\"decision\",\"seq\":1,\"event\":{\"id\":\"" + id + "\",\"actor\":\"support-agent\","
                + "\"capability\":\"payments.refund\",\"payload\":{\"amount\":" + amount + ",\"merchant_id\":\""
                + merchant + "\"}},\"decision\":\"" + decision + "\",\"reason_code\":\"x\"}";
    }

    static Transition t(Decision from, Decision to) {
        return new Transition(from, to);
    }

    @Test
    void everyRecordIsReplayedAndChangedTransitionsAreCountedInAStableOrder() {
        String log = String.join("\n",
                record("a", 100, "m1", "allow"),             // allow -> allow
                record("b", 900, "m1", "allow"),             // allow -> require_approval
                record("c", 950, "m1", "allow"),             // allow -> require_approval
                record("d", 100, "unknown", "allow"),        // allow -> deny
                record("e", 100, "m1", "deny"),              // deny -> allow
                record("f", 700, "m1", "deny"),              // deny -> require_approval
                record("g", 700, "m1", "require_approval"),  // unchanged
                record("h", 20, "m1", "require_approval"));  // require_approval -> allow

        ReplayReport report = Replay.run(AuditLogReader.read(log.getBytes(StandardCharsets.UTF_8)).decisions(), REFUNDS);

        assertThat(report.total()).isEqualTo(8);
        assertThat(report.changed()).isEqualTo(6);
        assertThat(report.unchanged()).isEqualTo(2);
        assertThat(report.totals().entrySet()).extracting(e -> e.getKey() + ": " + e.getValue()).containsExactly(
                "allow -> require_approval: 2",
                "allow -> deny: 1",
                "require_approval -> allow: 1",
                "deny -> allow: 1",
                "deny -> require_approval: 1");
        assertThat(report.changedDecisions()).extracting(d -> d.recorded().id())
                .containsExactly("b", "c", "d", "e", "f", "h");
        ReplayedDecision b = report.decisions().get(1);
        assertThat(b.replayed().ruleId()).isEqualTo("large");
        assertThat(b.replayed().reasonCode().wireName()).isEqualTo("policy_require_approval");
    }

    @Test
    void aRecordWithRedactedValuesIsReplayedOnTheRedactedTextAndFlagged() {
        String redacted = record("r", 100, "[REDACTED]", "allow");

        ReplayReport report = Replay.run(AuditLogReader.read(redacted.getBytes(StandardCharsets.UTF_8)).decisions(), REFUNDS);

        assertThat(report.redacted()).isEqualTo(1);
        assertThat(report.decisions().get(0).recorded().redacted()).isTrue();
    }

    @Test
    void aRecordedInvalidEventIsReplayedFailClosed() {
        String noActor = "{\"type\":\"decision\",\"event\":{\"id\":\"x\",\"capability\":\"payments.refund\"},"
                + "\"decision\":\"deny\",\"reason_code\":\"invalid_event\"}";

        ReplayReport report = Replay.run(AuditLogReader.read(noActor.getBytes(StandardCharsets.UTF_8)).decisions(), REFUNDS);

        assertThat(report.decisions().get(0).replayed().reasonCode().wireName()).isEqualTo("invalid_event");
        assertThat(report.changed()).isZero();
    }

    @Test
    void aRecordOfInputThatWasNotAnEventAtAllReplaysAsADenial() {
        // what the sink writes for a line that could not be read as an event: only its id survives
        String unreadable = "{\"type\":\"decision\",\"event\":{\"id\":\"line-7\"},\"decision\":\"deny\","
                + "\"reason_code\":\"invalid_event\"}";

        ReplayReport report = Replay.run(AuditLogReader.read(unreadable.getBytes(StandardCharsets.UTF_8)).decisions(), REFUNDS);

        assertThat(report.decisions()).singleElement().satisfies(d -> {
            assertThat(d.recorded().capability()).isNull();
            assertThat(d.replayed().reasonCode().wireName()).isEqualTo("invalid_event");
            assertThat(d.changed()).isFalse();
        });
    }

    @Test
    void anEmptyLogReplaysToAnEmptyReport() {
        ReplayReport report = Replay.run(List.of(), REFUNDS);

        assertThat(report.total()).isZero();
        assertThat(report.totals()).isEmpty();
    }
}
