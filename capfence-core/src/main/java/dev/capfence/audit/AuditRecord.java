package dev.capfence.audit;

import dev.capfence.event.ActionEvent;

/**
 * What a caller hands an {@link AuditSink}: the content of one record. The sink adds what makes it a link of the
 * chain ({@code v, seq, ts, prev_hash, hash}, and {@code sig, key_id} on the last record of each signed group),
 * redacts, and writes it.
 * Immutable, so nothing can change a field after the hash is taken.
 */
public sealed interface AuditRecord permits AuditRecord.Decision, AuditRecord.Outcome,
        AuditRecord.ApprovalTransition, AuditRecord.GrantTransition {

    /**
     * A decision, written before anything runs.
     *
     * @param eventId only used when {@code event} is null: input that could not be read as an event
     * @param event   the event as proposed (its payload is redacted in the record, and bound by {@code payload_sha256})
     * @param decision wire names: {@code allow}, {@code deny}, {@code require_approval}
     * @param mode    {@code enforce} or {@code observe}
     * @param shadowDecision what an observe-mode rule or policy would have decided; null when none
     */
    record Decision(String eventId, ActionEvent event, String decision, String reasonCode, String reason,
                    String ruleId, String policySha256, String mode, String approvalId,
                    String shadowDecision, String shadowRuleId) implements AuditRecord {
    }

    /**
     * What happened once the executor ran.
     *
     * @param decisionSeq  the seq of the decision record that authorized the run
     * @param errorClass   the executor's exception class, null on success
     * @param errorMessage its message (may be null)
     */
    record Outcome(String eventId, long decisionSeq, boolean toolInvoked, boolean success, String errorClass,
                   String errorMessage) implements AuditRecord {
    }

    /**
     * A step in an approval's life, type {@code approval}.
     *
     * @param transition {@code requested}, {@code approved}, {@code rejected}, {@code consumed} or {@code expired}
     * @param by         who approved or rejected; null for the other transitions
     * @param eventId    the event that caused the transition (requested, consumed, expired on use); may be null
     */
    record ApprovalTransition(String approvalId, String transition, String digest, String actor, String capability,
                              String environment, String by, String note, String eventId) implements AuditRecord {
    }

    /**
     * A grant given or revoked, type {@code grant}.
     *
     * @param transition {@code granted} or {@code revoked}
     * @param expiresAt  ISO-8601 instant, or null for a session grant without time bound
     */
    record GrantTransition(String grantId, String transition, String actor, String capability, String environment,
                           String sessionId, String expiresAt, String by) implements AuditRecord {
    }
}
