package dev.capfence.audit;

import dev.capfence.policy.Decision;
import java.time.Instant;
import java.util.Map;

/**
 * One readable line of an audit log, with what the log viewer and the filters need. Attributes the record
 * does not carry are null (an upstream sample has no {@code seq} or time; a checkpoint has no actor); an outcome
 * takes actor, tool, capability and decision from its event's decision record; approval and grant records carry
 * their own actor and capability.
 *
 * @param type     {@code decision}, {@code outcome}, {@code checkpoint}, or whatever a newer writer put there
 * @param text     the line exactly as read (for printing it unchanged)
 * @param fields   the parsed JSON object
 * @param recorded the decision, for {@code decision} records; null otherwise
 */
public record AuditEntry(long line, String type, String text, Map<String, Object> fields, Long seq, Instant time,
                         String eventId, String actor, String tool, String capability, Decision decision,
                         RecordedDecision recorded) {

    public static final String DECISION = "decision";

    public boolean isDecision() {
        return recorded != null;
    }
}
