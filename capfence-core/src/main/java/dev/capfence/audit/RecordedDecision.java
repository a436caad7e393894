package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;

/**
 * A decision read back from an audit log: the event as recorded and what was decided then.
 *
 * @param line       the 1-based line in the log
 * @param id         the event's id (upstream: {@code audit_id}; {@code line-N} when the record has none)
 * @param capability what was decided (upstream: the record's {@code tool})
 * @param redacted   some payload value was recorded as {@code [REDACTED]}: the replayed decision is made on
 *                   the redacted text and may differ from one on the real payload
 * @param format     which audit format the line was written in
 */
public record RecordedDecision(long line, String id, ActionEvent event, Decision original, String originalReasonCode,
                               String originalRuleId, String originalReason, String capability, boolean redacted,
                               Format format) {

    /** The two audit formats replay reads; detected per line. */
    public enum Format {
        /** This project's chain: {@code {"type": "decision", "event": {...}, "decision": ...}}. */
        CAPFENCE,
        /** Upstream CapFence's flat samples: {@code {"audit_id", "actor", "tool", "decision", "payload"}}. */
        UPSTREAM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
