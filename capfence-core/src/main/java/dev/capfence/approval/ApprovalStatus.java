package dev.capfence.approval;

import java.util.Locale;

/** Where an approval is in its lifecycle. Only PENDING and APPROVED can still change. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, CONSUMED, EXPIRED;

    /** The lower-case name used in JSON, audit records and store columns. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
