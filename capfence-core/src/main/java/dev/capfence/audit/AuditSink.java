package dev.capfence.audit;

/**
 * Where audit records go. An implementation chains them (each record's hash covers the previous one), writes
 * them, and only then returns the receipt; a record it could not write throws {@link AuditException}, and the
 * runtime then denies the action ({@code audit_unavailable}) rather than run it unrecorded. Thread-safe.
 */
public interface AuditSink extends AutoCloseable {

    /** Writes one record and returns its receipt; throws {@link AuditException} when it was not written. */
    AuditReceipt append(AuditRecord record);

    @Override
    void close();
}
