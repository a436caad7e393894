package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.Redaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalJsonTest {

    static final String EVENT = "{\"id\":\"e1\",\"actor\":\"support-agent\",\"capability\":\"payments.refund\","
            + "\"payload\":{\"amount\":5000,\"card_number\":\"4111\",\"iban\":\"DE89\"},\"context\":{\"token\":\"t0k\"}}";

    @Test
    @SuppressWarnings("unchecked")
    void rendersEveryFieldInOrderWithThePayloadRedactedAsTheAuditStoresIt() {
        Approval a = new Approval("ap-1", "d".repeat(64), "support-agent", "payments.refund", "production",
                ApprovalStatus.APPROVED, Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00Z"),
                "ops-bob", Instant.parse("2026-11-27T10:05:00Z"), "checked", EVENT);
        Map<String, Object> m = ApprovalJson.toMap(a, Redaction.defaultsPlus(List.of("iban")));
        assertThat(m.keySet()).containsExactly("id", "status", "actor", "capability", "environment", "requested_at",
                "expires_at", "decided_by", "note", "decided_at", "digest", "event");
        assertThat(m).containsEntry("status", "approved").containsEntry("requested_at", "2026-11-27T10:00:00Z")
                .containsEntry("decided_at", "2026-11-27T10:05:00Z").containsEntry("decided_by", "ops-bob");
        Map<String, Object> event = (Map<String, Object>) m.get("event");
        assertThat(event).containsEntry("id", "e1");
        assertThat((Map<String, Object>) event.get("payload")).containsEntry("amount", 5000)
                .containsEntry("card_number", Redaction.MARKER).containsEntry("iban", Redaction.MARKER);
        assertThat((Map<String, Object>) event.get("context")).containsEntry("token", Redaction.MARKER);
    }

    @Test
    void undecidedFieldsAreNullAndAnUnreadableEventIsNotShown() {
        Approval a = new Approval("ap-2", "d".repeat(64), "agent", "shell.exec", null, ApprovalStatus.PENDING,
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00Z"), null, null, null,
                "{not json");
        Map<String, Object> m = ApprovalJson.toMap(a, Redaction.defaults());
        assertThat(m).containsEntry("decided_by", null).containsEntry("decided_at", null).containsEntry("note", null)
                .containsEntry("event", null).containsEntry("status", "pending");
    }
}
