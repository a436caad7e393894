package dev.capfence.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.event.ActionEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint's audit filter is {@code capfence logs}'s: the same four records as the CLI's LogsCommandTest,
 * and the same glob and age select the same records (newest first here, oldest first there).
 */
class AuditFilterEndpointTest {

    @TempDir
    Path dir;

    private Path sameRecordsAsTheCliTest() {
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
    void aCapabilityGlobAndAnAgeSelectAsCapfenceLogsDoes() {
        Path file = sameRecordsAsTheCliTest();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                        CapFenceActuatorAutoConfiguration.class))
                .withPropertyValues("capfence.policy.allow[0].capability=x.y", "capfence.audit.type=jsonl",
                        "capfence.audit.path=" + file, "management.endpoints.web.exposure.include=capfence")
                .run(ctx -> {
                    CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);
                    assertThat(seqs(endpoint, "refund.*", null, null)).containsExactly(2L, 1L);
                    assertThat(seqs(endpoint, null, null, "2h")).containsExactly(4L, 3L, 2L);
                    assertThat(seqs(endpoint, "refund.*", null, "2h")).containsExactly(2L);
                    assertThat(seqs(endpoint, null, "T4", null)).containsExactly(4L);
                    // before, the endpoint matched a capability exactly: a prefix now selects its sub-capabilities
                    assertThat(seqs(endpoint, "refund.issue", null, null)).containsExactly(2L, 1L);
                });
    }

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(CapFenceEndpoint endpoint, String capability, String tool, String since) {
        Object body = endpoint.section("audit", null, null, null, capability, tool, since).getBody();
        return ((List<Map<String, Object>>) body).stream().map(r -> ((Number) r.get("seq")).longValue()).toList();
    }
}
