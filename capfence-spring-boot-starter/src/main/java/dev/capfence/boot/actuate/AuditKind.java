package dev.capfence.boot.actuate;

import dev.capfence.audit.AuditSink;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.store.jdbc.JdbcAuditSink;

/** How the endpoint and health indicator name a readable audit, and which sink they can read at all. */
final class AuditKind {

    private AuditKind() {
    }

    /** The sink when it can be read back, else null (no sink, or a custom one that does not implement it). */
    static ReadableAudit readable(AuditSink sink) {
        return sink instanceof ReadableAudit readable ? readable : null;
    }

    /** {@code jsonl}, {@code jdbc}, {@code memory}, or the class name of a custom readable sink. */
    static String of(ReadableAudit audit) {
        if (audit instanceof JsonlAuditSink) {
            return "jsonl";
        }
        if (audit instanceof JdbcAuditSink) {
            return "jdbc";
        }
        if (audit instanceof InMemoryAuditSink) {
            return "memory";
        }
        return audit.getClass().getName();
    }
}
