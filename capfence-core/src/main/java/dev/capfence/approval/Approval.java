package dev.capfence.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * One approval request, bound to the digest of the action it was requested for (SHA-256 of the canonical event
 * JSON without {@code id} and {@code timestamp}). {@code decidedBy}, {@code decidedAt} and {@code note} are null
 * until someone approves or rejects it; {@code eventJson} is the requesting event, for the approver to read.
 */
public record Approval(String id, String digest, String actor, String capability, String environment,
                       ApprovalStatus status, Instant requestedAt, Instant expiresAt, String decidedBy,
                       Instant decidedAt, String note, String eventJson) {

    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True once {@code now} has reached the expiry, whatever the stored status says. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * The status as of {@code now}: a stored PENDING approval past its expiry is EXPIRED (the store is updated when
     * the approval is next used; listings should show what holds now).
     */
    public ApprovalStatus statusAt(Instant now) {
        return status == ApprovalStatus.PENDING && expiredAt(now) ? ApprovalStatus.EXPIRED : status;
    }

    /** This approval with another status (the decision fields unchanged). */
    public Approval withStatus(ApprovalStatus newStatus) {
        return new Approval(id, digest, actor, capability, environment, newStatus, requestedAt, expiresAt,
                decidedBy, decidedAt, note, eventJson);
    }

    /** This approval decided by someone. */
    public Approval decided(ApprovalStatus newStatus, String by, Instant at, String why) {
        return new Approval(id, digest, actor, capability, environment, newStatus, requestedAt, expiresAt,
                by, at, why, eventJson);
    }
}
