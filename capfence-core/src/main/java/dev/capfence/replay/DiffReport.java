package dev.capfence.replay;

import java.util.List;
import java.util.Map;

/**
 * How two policies decide the same events: each event in input order, the count of each changed transition,
 * and — what a reviewer must see first — the events the new policy newly allows.
 */
public record DiffReport(List<DiffedEvent> events, Map<Transition, Long> totals) {

    public DiffReport {
        events = List.copyOf(events);
    }

    public long total() {
        return events.size();
    }

    public long changed() {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unchanged() {
        return total() - changed();
    }

    /** Allowed by the new policy and not by the old ({@code deny -> allow}, {@code require_approval -> allow}). */
    public List<DiffedEvent> newlyAllowed() {
        return events.stream().filter(DiffedEvent::newlyAllowed).toList();
    }

    /** Denied before, awaiting approval now ({@code deny -> require_approval}). */
    public List<DiffedEvent> loosenedToApproval() {
        return events.stream().filter(DiffedEvent::loosenedToApproval).toList();
    }
}
