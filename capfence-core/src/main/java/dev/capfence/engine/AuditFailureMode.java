package dev.capfence.engine;

/**
 * What {@code execute} does when the audit sink cannot record a decision. Either way the executor does not run:
 * an action is never taken unrecorded.
 */
public enum AuditFailureMode {
    /** Return a denial with reason code {@code audit_unavailable} (the default). */
    DENY,
    /** Throw the sink's {@link dev.capfence.audit.AuditException}. */
    THROW
}
