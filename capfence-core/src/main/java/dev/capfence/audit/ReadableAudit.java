package dev.capfence.audit;

import java.util.List;

/**
 * An audit chain that can be read back where it is kept: its head, its records through an {@link AuditFilter},
 * and a fresh verification. {@link JsonlAuditSink}, {@link InMemoryAuditSink} and the JDBC sink implement it; the
 * actuator endpoint and health indicator read any sink that does.
 */
public interface ReadableAudit {

    /** The last record's seq and hash, and how many records can be read; {@link AuditHead#EMPTY} before the first. */
    AuditHead head();

    /**
     * The records matching {@code filter}, <b>newest first</b>, at most {@code limit} — as stored, so payload values
     * stay redacted. Lines that cannot be read are left out here; {@link #verify()} reports them.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     * @throws AuditException when the chain cannot be read
     */
    List<AuditEntry> records(AuditFilter filter, int limit);

    /** Recomputes hashes and links (not signatures: no keys are given) of every record that can be read. */
    VerifyResult verify();
}
