package dev.capfence.approval;

/**
 * What the approval gate says about an action that needs approval. {@code id} is the approval's (or, for
 * {@link Kind#GRANT_APPLIED}, the grant's); null for {@link Kind#LIMIT_REACHED}.
 */
public record ApprovalCheck(Kind kind, String id, String detail) {

    public enum Kind {
        /** A new approval was requested. */
        REQUESTED,
        /** The identical action already waits for approval. */
        PENDING,
        /** Approved: the action may run (single-use approvals are consumed by this answer). */
        GRANTED,
        /** An operator's grant covers the action. */
        GRANT_APPLIED,
        /** Rejected, and the rejection has not expired. */
        REJECTED,
        /** The approval expired before it was used. */
        EXPIRED,
        /** The actor has too many pending approvals. */
        LIMIT_REACHED
    }
}
