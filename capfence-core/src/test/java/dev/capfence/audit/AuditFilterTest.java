package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    static String decision(int seq, String ts, String id, String actor, String capability, String decision) {
        return "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"type\":\"decision\",\"event\":{\"id\":\"" + id
                + "\",\"actor\":\"" + actor + "\",\"capability\":\"" + capability + "\",\"payload\":{}},"
                + "\"decision\":\"" + decision + "\"}";
    }

    static final List<AuditEntry> LOG = AuditLogReader.read(String.join("\n",
            decision(1, "2026-11-20T09:00:00Z", "e1", "ops-agent", "shell.exec.production", "deny"),
            decision(2, "2026-11-27T10:00:00Z", "e2", "ops-agent", "shell.exec", "allow"),
            "{\"seq\":3,\"ts\":\"2026-11-27T10:00:02Z\",\"type\":\"outcome\",\"event_id\":\"e2\",\"tool_invoked\":true}",
            decision(4, "2026-11-27T11:00:00Z", "e3", "support-agent", "payments.refund", "require_approval"),
            decision(5, "2026-11-27T11:30:00Z", "e4", "support-bot", "SHELL.EXECUTE", "allow"),
            "{\"seq\":6,\"ts\":\"2026-11-27T11:59:00Z\",\"type\":\"checkpoint\",\"hash\":\"ab\"}",
            "{\"actor\":\"ops-agent\",\"tool\":\"shell.exec\",\"decision\":\"DENY\",\"payload\":{}}"
    ).getBytes(StandardCharsets.UTF_8)).entries();

    static List<Long> lines(AuditFilter f) {
        return f.select(LOG).stream().map(AuditEntry::line).toList();
    }

    static AuditFilter actor(String glob) {
        return AuditFilter.all().withActor(glob);
    }

    static AuditFilter capability(String glob) {
        return AuditFilter.all().withCapability(glob);
    }

    @Test
    void noFilterKeepsEverything() {
        assertThat(lines(AuditFilter.all())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void actorIsAGlobMatchedExactly() {
        assertThat(lines(actor("support-*"))).containsExactly(4L, 5L);
        assertThat(lines(actor("ops-agent"))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(lines(actor("OPS-AGENT"))).isEmpty();
    }

    @Test
    void capabilityHasPolicyPrefixSemanticsAndIgnoresCase() {
        // shell.exec covers shell.exec.production, not shell.execute; the outcome follows its decision
        assertThat(lines(capability("shell.exec"))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(lines(capability("shell.*"))).containsExactly(1L, 2L, 3L, 5L, 7L);
        assertThat(lines(capability("Payments"))).containsExactly(4L);
    }

    @Test
    void decisionKeepsDecisionsAndTheirOutcomes() {
        assertThat(lines(AuditFilter.all().withDecision(Decision.ALLOW))).containsExactly(2L, 3L, 5L);
        assertThat(lines(AuditFilter.all().withDecision(Decision.DENY))).containsExactly(1L, 7L);
    }

    @Test
    void sinceKeepsRecentRecordsAndDropsRecordsWithoutATime() {
        assertThat(lines(AuditFilter.all().withSince(AuditFilter.since("2h", NOW))))
                .containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(lines(AuditFilter.all().withSince(AuditFilter.since("2026-11-27T11:00:00Z", NOW))))
                .containsExactly(4L, 5L, 6L);
        assertThat(lines(new AuditFilter("ops-*", "shell", null, Decision.ALLOW, AuditFilter.since("7d", NOW))))
                .containsExactly(2L, 3L);
    }

    @Test
    void sinceReadsInstantsDatesAndAges() {
        assertThat(AuditFilter.since("2026-11-27T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(AuditFilter.since("2026-11-27T11:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(AuditFilter.since("2026-11-26", NOW)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(AuditFilter.since("30s", NOW)).isEqualTo(Instant.parse("2026-11-27T11:59:30Z"));
        assertThat(AuditFilter.since("15m", NOW)).isEqualTo(Instant.parse("2026-11-27T11:45:00Z"));
        assertThat(AuditFilter.since("7d", NOW)).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(AuditFilter.since("2w", NOW)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
        assertThat(AuditFilter.since("PT90M", NOW)).isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
        assertThat(AuditFilter.since("1.5h", NOW)).isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
        for (String bad : List.of("yesterday", "2h ago", "-2h", "2026-13-01", "", "99999999999999999999d", "0m",
                "2026-11-27T25:00:00Z")) {
            assertThatThrownBy(() -> AuditFilter.since(bad, NOW)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a time");
        }
    }

    @Test
    void toolIsAGlobIgnoringCaseAndOutcomesFollowTheirDecision() {
        List<AuditEntry> log = AuditLogReader.read(List.of(
                "{\"seq\":1,\"type\":\"decision\",\"event\":{\"id\":\"a\",\"actor\":\"bot\",\"tool\":\"refund_tool\","
                        + "\"capability\":\"refund.issue\",\"payload\":{}},\"decision\":\"allow\"}",
                "{\"seq\":2,\"type\":\"outcome\",\"event_id\":\"a\",\"tool_invoked\":true}",
                "{\"seq\":3,\"type\":\"decision\",\"event\":{\"id\":\"b\",\"actor\":\"bot\",\"tool\":\"shell\","
                        + "\"capability\":\"shell.exec\",\"payload\":{}},\"decision\":\"deny\"}")).entries();
        assertThat(AuditFilter.all().withTool("REFUND_*").select(log)).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        assertThat(AuditFilter.all().withCapability("refund.*").select(log)).extracting(AuditEntry::seq)
                .containsExactly(1L, 2L);
        assertThat(AuditFilter.all().withTool("refund").select(log)).isEmpty();
    }

    @Test
    void approvalRecordsAreFilteredByTheirOwnActorAndCapability() {
        List<AuditEntry> log = AuditLogReader.read(List.of(
                "{\"seq\":1,\"type\":\"approval\",\"approval_id\":\"x\",\"transition\":\"requested\","
                        + "\"actor\":\"support-agent\",\"capability\":\"payments.refund\"}")).entries();
        assertThat(actor("support-*").select(log)).hasSize(1);
        assertThat(capability("payments").select(log)).hasSize(1);
        assertThat(AuditFilter.all().withDecision(Decision.ALLOW).select(log)).isEmpty();
    }

    @Test
    void blankGlobsDoNotFilter() {
        assertThat(lines(new AuditFilter(" ", "", null, null, null))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void newestFirstKeepsTheNewestMatchesUpToTheLimit() {
        assertThat(actor("ops-agent").newestFirst(LOG, 2)).extracting(AuditEntry::line).containsExactly(7L, 3L);
        assertThat(AuditFilter.all().newestFirst(LOG, 100)).extracting(AuditEntry::line)
                .containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThatThrownBy(() -> AuditFilter.all().newestFirst(LOG, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
