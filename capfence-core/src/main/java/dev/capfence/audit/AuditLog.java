package dev.capfence.audit;

import java.util.List;

/** An audit log as read: its readable records in file order and the lines that could not be read. */
public record AuditLog(List<AuditEntry> entries, List<UnreadableLine> unreadable) {

    public AuditLog {
        entries = List.copyOf(entries);
        unreadable = List.copyOf(unreadable);
    }

    /** The decision records, in file order; outcomes, checkpoints and unknown types are left out. */
    public List<RecordedDecision> decisions() {
        return entries.stream().filter(AuditEntry::isDecision).map(AuditEntry::recorded).toList();
    }
}
