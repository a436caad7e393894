package dev.capfence.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogsTest {

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

    static List<Long> lines(AuditLogs.Filter f) {
        return AuditLogs.filter(LOG, f).stream().map(AuditEntry::line).toList();
    }

    @Test
    void noFilterKeepsEverything() {
        assertThat(lines(AuditLogs.Filter.all())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void actorIsAGlobMatchedExactly() {
        assertThat(lines(new AuditLogs.Filter("support-*", null, null, null))).containsExactly(4L, 5L);
        assertThat(lines(new AuditLogs.Filter("ops-agent", null, null, null))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(lines(new AuditLogs.Filter("OPS-AGENT", null, null, null))).isEmpty();
    }

    @Test
    void capabilityHasPolicyPrefixSemanticsAndIgnoresCase() {
        // shell.exec covers shell.exec.production, not shell.execute; the outcome follows its decision
        assertThat(lines(new AuditLogs.Filter(null, "shell.exec", null, null))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(lines(new AuditLogs.Filter(null, "shell.*", null, null))).containsExactly(1L, 2L, 3L, 5L, 7L);
        assertThat(lines(new AuditLogs.Filter(null, "Payments", null, null))).containsExactly(4L);
    }

    @Test
    void decisionKeepsDecisionsAndTheirOutcomes() {
        assertThat(lines(new AuditLogs.Filter(null, null, Decision.ALLOW, null))).containsExactly(2L, 3L, 5L);
        assertThat(lines(new AuditLogs.Filter(null, null, Decision.DENY, null))).containsExactly(1L, 7L);
    }

    @Test
    void sinceKeepsRecentRecordsAndDropsRecordsWithoutATime() {
        assertThat(lines(new AuditLogs.Filter(null, null, null, AuditLogs.since("2h", NOW))))
                .containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(lines(new AuditLogs.Filter(null, null, null, AuditLogs.since("2026-11-27T11:00:00Z", NOW))))
                .containsExactly(4L, 5L, 6L);
        assertThat(lines(new AuditLogs.Filter("ops-*", "shell", Decision.ALLOW, AuditLogs.since("7d", NOW))))
                .containsExactly(2L, 3L);
    }

    @Test
    void sinceReadsInstantsDatesAndAges() {
        assertThat(AuditLogs.since("2026-11-27T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(AuditLogs.since("2026-11-27T11:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(AuditLogs.since("2026-11-26", NOW)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(AuditLogs.since("30s", NOW)).isEqualTo(Instant.parse("2026-11-27T11:59:30Z"));
        assertThat(AuditLogs.since("15m", NOW)).isEqualTo(Instant.parse("2026-11-27T11:45:00Z"));
        assertThat(AuditLogs.since("7d", NOW)).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(AuditLogs.since("2w", NOW)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
        assertThat(AuditLogs.since("PT90M", NOW)).isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
        for (String bad : List.of("yesterday", "2h ago", "-2h", "2026-13-01", "", "99999999999999999999d")) {
            assertThatThrownBy(() -> AuditLogs.since(bad, NOW)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a time");
        }
    }
}
