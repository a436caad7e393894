package dev.capfence.approval;

/** An approve, reject, grant or revoke that is not allowed (self-approval, not an approver, not pending …). */
public final class ApprovalException extends RuntimeException {
    public ApprovalException(String message) {
        super(message);
    }
}
