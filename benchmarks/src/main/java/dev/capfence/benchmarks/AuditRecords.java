package dev.capfence.benchmarks;

import dev.capfence.audit.AuditRecord;
import dev.capfence.event.ActionEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The decision record the audit-sink benchmarks append: a small allowed refund, each with its own event id. */
final class AuditRecords {

    private static final String POLICY_SHA256 = "a".repeat(64);

    private AuditRecords() {
    }

    static AuditRecord.Decision allowedRefund(AtomicLong ids) {
        String id = "e" + ids.incrementAndGet();
        ActionEvent event = ActionEvent.builder().id(id).actor("agent").capability("payments.refund")
                .payload(Map.of("amount", 10, "currency", "EUR")).build();
        return new AuditRecord.Decision(id, event, "allow", "policy_allow", "within the refund limit",
                "refund-small", POLICY_SHA256, "enforce", null, null, null);
    }
}
