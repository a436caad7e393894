package dev.capfence.engine;

/**
 * The action needs a person's approval first; the identical call runs once it is approved. Thrown by every
 * gated path for a require_approval verdict, so callers can tell "wait for a person" from "never".
 */
public class ApprovalRequiredException extends ActionDeniedException {

    public ApprovalRequiredException(Verdict verdict) {
        super(verdict);
    }

    public ApprovalRequiredException(Verdict verdict, String message) {
        super(verdict, message);
    }

    /** The pending approval to approve or reject through {@code runtime.approvals()}. */
    public String approvalId() {
        return verdict().approvalId();
    }
}
