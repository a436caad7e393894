package dev.capfence.audit;

import static dev.capfence.audit.AuditFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final Map<String, Object> PAYLOAD = Map.of(
            "amount", 120,
            "Password", "hunter2",
            "card", Map.of("Card-Number", "4111111111111111", "cvv", "123", "holder", "Ada"),
            "headers", List.of(Map.of("Authorization", "Bearer abc.def"), Map.of("accept", "json")),
            "apiKey", "k-1",
            "access_token", "not a default key");

    private static String record(Redaction redaction, ActionEvent event) {
        InMemoryAuditSink sink = InMemoryAuditSink.builder().redaction(redaction).build();
        sink.append(new AuditRecord.Decision(event.id(), event, "allow", "policy_allow", "ok", null, null, "enforce",
                null, null, null));
        return sink.lines().get(0);
    }

    private static String sha256OfCanonical(Map<String, Object> value) throws Exception {
        String canonical = new JsonCanonicalizer(AuditFixtures.JSON.writeValueAsString(value)).getEncodedString();
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultKeysAreRedactedAtAnyDepthIgnoringCaseAndSeparators() {
        ActionEvent event = ActionEvent.builder().id("e1").actor("a").capability("payments.refund").payload(PAYLOAD)
                .context(Map.of("tenant", "acme", "token", "ctx-secret")).build();

        String line = record(Redaction.defaults(), event);

        assertThat(line).doesNotContain("hunter2", "4111111111111111", "\"123\"", "Bearer abc.def", "k-1", "ctx-secret");
        Map<String, Object> recorded = (Map<String, Object>) parse(line).get("event");
        Map<String, Object> payload = (Map<String, Object>) recorded.get("payload");
        assertThat(payload).containsEntry("Password", "[REDACTED]").containsEntry("apiKey", "[REDACTED]")
                .containsEntry("amount", 120).containsEntry("access_token", "not a default key");
        assertThat((Map<String, Object>) payload.get("card")).containsEntry("Card-Number", "[REDACTED]")
                .containsEntry("cvv", "[REDACTED]").containsEntry("holder", "Ada");
        assertThat((List<Object>) payload.get("headers")).containsExactly(Map.of("Authorization", "[REDACTED]"),
                Map.of("accept", "json"));
        assertThat((Map<String, Object>) recorded.get("context")).containsEntry("token", "[REDACTED]")
                .containsEntry("tenant", "acme");
    }

    @Test
    void payloadShaBindsTheOriginalPayload() throws Exception {
        ActionEvent event = AuditFixtures.event("e1", PAYLOAD);

        Map<String, Object> redacted = parse(record(Redaction.defaults(), event));
        Map<String, Object> plain = parse(record(Redaction.none(), event));

        assertThat(redacted.get("payload_sha256")).isEqualTo(sha256OfCanonical(PAYLOAD))
                .isEqualTo(plain.get("payload_sha256"));
        assertThat(redacted.get("event")).isNotEqualTo(plain.get("event"));
    }

    @Test
    void configuredKeysReplaceTheDefaults() {
        ActionEvent event = AuditFixtures.event("e1", PAYLOAD);

        String line = record(Redaction.of(List.of("access_token")), event);
        String more = record(Redaction.defaultsPlus(List.of("access_token")), event);

        assertThat(line).contains("hunter2").doesNotContain("not a default key");
        assertThat(more).doesNotContain("hunter2", "not a default key");
    }

    @Test
    void redactionHappensBeforeHashingSoTheChainVerifies() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        sink.append(new AuditRecord.Decision("e1", AuditFixtures.event("e1", PAYLOAD), "deny", "policy_deny", "no",
                "r", null, "enforce", null, null, null));

        assertThat(AuditVerifier.create().verifyLines(sink.lines()).intact()).isTrue();
    }
}
