package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLogReaderTest {

    static final String DECISION = "{\"v\":1,\"seq\":1,\"ts\":\"2026-11-27T10:00:00Z\",\"type\":\"decision\","
            + "\"event\":{\"id\":\"evt-1\",\"actor\":\"ops-agent\",\"tool\":\"shell\",\"capability\":\"shell.exec.production\","
            + "\"resource\":\"shell\",\"action\":\"exec\",\"environment\":\"production\","
            + "\"payload\":{\"command\":\"rm -rf /var/lib/postgresql\"},\"context\":{\"tenant\":\"acme\"},"
            + "\"timestamp\":\"2026-11-27T09:59:59Z\"},\"decision\":\"deny\",\"reason_code\":\"policy_deny\","
            + "\"reason\":\"no recursive deletes\",\"rule_id\":\"deny[0]\",\"policy_sha256\":\"ab\",\"mode\":\"enforce\","
            + "\"tool_invoked\":false,\"approval_id\":null,\"prev_hash\":\"00\",\"hash\":\"11\",\"future_field\":[1,2]}";

    static final String OUTCOME = "{\"v\":1,\"seq\":2,\"ts\":\"2026-11-27T10:00:01Z\",\"type\":\"outcome\","
            + "\"event_id\":\"evt-1\",\"tool_invoked\":false}";

    static final String CHECKPOINT = "{\"v\":1,\"seq\":3,\"ts\":\"2026-11-27T10:05:00Z\",\"type\":\"checkpoint\",\"hash\":\"22\"}";

    static final String UPSTREAM = "{\"audit_id\":\"aud_shell_001\",\"actor\":\"ops-agent\",\"tool\":\"shell.exec\","
            + "\"action\":\"execute\",\"resource\":\"host:prod-db-01\",\"environment\":\"production\",\"decision\":\"DENY\","
            + "\"reason\":\"destructive\",\"tool_invoked\":false,\"payload\":{\"command\":\"rm -rf /var/lib/postgresql\"}}";

    static AuditLog read(String text) {
        return AuditLogReader.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsThisProjectsDecisionRecordsAndKeepsOtherTypesForTheViewer() {
        AuditLog log = read(DECISION + "\n" + OUTCOME + "\n" + CHECKPOINT + "\n");

        assertThat(log.unreadable()).isEmpty();
        assertThat(log.entries()).extracting(AuditEntry::type).containsExactly("decision", "outcome", "checkpoint");
        assertThat(log.decisions()).hasSize(1);
        RecordedDecision d = log.decisions().get(0);
        assertThat(d.line()).isEqualTo(1);
        assertThat(d.id()).isEqualTo("evt-1");
        assertThat(d.capability()).isEqualTo("shell.exec.production");
        assertThat(d.original()).isEqualTo(Decision.DENY);
        assertThat(d.originalReasonCode()).isEqualTo("policy_deny");
        assertThat(d.originalRuleId()).isEqualTo("deny[0]");
        assertThat(d.format()).isEqualTo(RecordedDecision.Format.CAPFENCE);
        assertThat(d.redacted()).isFalse();
        assertThat(d.event().actor()).isEqualTo("ops-agent");
        assertThat(d.event().payload()).containsEntry("command", "rm -rf /var/lib/postgresql");
        assertThat(d.event().context()).containsEntry("tenant", "acme");

        AuditEntry outcome = log.entries().get(1);
        assertThat(outcome.seq()).isEqualTo(2);
        assertThat(outcome.time()).isEqualTo(Instant.parse("2026-11-27T10:00:01Z"));
        assertThat(outcome.eventId()).isEqualTo("evt-1");
        // an outcome does not repeat its event: it takes actor, capability and decision from the decision record
        assertThat(outcome.actor()).isEqualTo("ops-agent");
        assertThat(outcome.capability()).isEqualTo("shell.exec.production");
        assertThat(outcome.decision()).isEqualTo(Decision.DENY);
        assertThat(outcome.isDecision()).isFalse();
        assertThat(outcome.text()).isEqualTo(OUTCOME);
    }

    @Test
    void readsUpstreamFlatSamplesWhoseCapabilityIsTheTool() {
        AuditLog log = read(UPSTREAM);

        assertThat(log.unreadable()).isEmpty();
        RecordedDecision d = log.decisions().get(0);
        assertThat(d.format()).isEqualTo(RecordedDecision.Format.UPSTREAM);
        assertThat(d.id()).isEqualTo("aud_shell_001");
        assertThat(d.capability()).isEqualTo("shell.exec"); // not host:prod-db-01.execute.production
        assertThat(d.event().tool()).isEqualTo("shell.exec");
        assertThat(d.event().environment()).isEqualTo("production");
        assertThat(d.original()).isEqualTo(Decision.DENY); // upper case upstream
        assertThat(d.originalReason()).isEqualTo("destructive");
        assertThat(d.event().payload()).doesNotContainKeys("decision", "reason").containsKey("command");
    }

    @Test
    void upstreamSpellingsOfDecisionsAreRead() {
        AuditLog log = read("""
                {"actor":"a","tool":"t.x","decision":"block","upstream_mcp_invoked":false}
                {"actor":"a","tool":"t.x","decision":"Allow"}
                {"actor":"a","tool":"t.x","decision":"REQUIRE_APPROVAL"}
                """);

        assertThat(log.decisions()).extracting(RecordedDecision::original)
                .containsExactly(Decision.DENY, Decision.ALLOW, Decision.REQUIRE_APPROVAL);
        assertThat(log.decisions()).extracting(RecordedDecision::id).containsExactly("line-1", "line-2", "line-3");
    }

    @Test
    void bothFormatsMayShareOneFile() {
        AuditLog log = read(UPSTREAM + "\n" + DECISION + "\n");

        assertThat(log.decisions()).extracting(RecordedDecision::format)
                .containsExactly(RecordedDecision.Format.UPSTREAM, RecordedDecision.Format.CAPFENCE);
    }

    @Test
    void unreadableLinesAreReportedWithTheirLineNumbersAndTheRestIsRead() {
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, '"', '}'};
        String text = DECISION + "\n"                                        // 1
                + "\n"                                                       // 2 blank: skipped, not reported
                + "{not json\n"                                              // 3
                + "[1,2]\n"                                                  // 4
                + "{\"type\":\"decision\",\"decision\":\"deny\"}\n"          // 5 no event
                + "{\"actor\":\"a\",\"tool\":\"x\",\"decision\":\"maybe\"}\n" // 6 unknown decision
                + "{\"hello\":\"world\"}\n"                                  // 7 neither format
                + "{\"type\":\"decision\",\"decision\":\"deny\",\"event\":{\"actor\":\"a\",\"payload\":[1]}}\n" // 8
                + "{\"type\":\"outcome\",\"seq\":9}\n";                      // 9 fine
        byte[] prefix = text.getBytes(StandardCharsets.UTF_8);
        byte[] torn = "\n{\"v\":1,\"seq\":10,\"ty".getBytes(StandardCharsets.UTF_8); // 10 not UTF-8, 11 torn
        byte[] all = new byte[prefix.length + notUtf8.length + torn.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(notUtf8, 0, all, prefix.length, notUtf8.length);
        System.arraycopy(torn, 0, all, prefix.length + notUtf8.length, torn.length);

        AuditLog log = AuditLogReader.read(all);

        assertThat(log.entries()).extracting(AuditEntry::line).containsExactly(1L, 9L);
        assertThat(log.unreadable()).extracting(UnreadableLine::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 10L, 11L);
        assertThat(log.unreadable()).extracting(UnreadableLine::message).satisfiesExactly(
                m -> assertThat(m).startsWith("not valid JSON"),
                m -> assertThat(m).isEqualTo("not a JSON object"),
                m -> assertThat(m).contains("without an 'event'"),
                m -> assertThat(m).contains("unknown decision 'maybe'"),
                m -> assertThat(m).contains("neither"),
                m -> assertThat(m).contains("payload must be a JSON object"),
                m -> assertThat(m).isEqualTo("not UTF-8 text"),
                m -> assertThat(m).startsWith("not valid JSON"));
        assertThat(log.unreadable().get(0).toString()).startsWith("line 3: not valid JSON");
    }

    @Test
    void redactedPayloadValuesAreFlagged() {
        String redacted = DECISION.replace("\"command\":\"rm -rf /var/lib/postgresql\"",
                "\"command\":\"psql\",\"auth\":{\"password\":\"[REDACTED]\"}");

        assertThat(read(redacted).decisions().get(0).redacted()).isTrue();
        assertThat(read(DECISION).decisions().get(0).redacted()).isFalse();
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreTolerated() {
        AuditLog log = read("\uFEFF" + DECISION + "\r\n" + UPSTREAM + "\r\n");

        assertThat(log.unreadable()).isEmpty();
        assertThat(log.decisions()).hasSize(2);
    }
}
