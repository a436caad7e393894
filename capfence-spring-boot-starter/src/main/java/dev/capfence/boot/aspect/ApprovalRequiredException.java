package dev.capfence.boot.aspect;

import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.Verdict;

/** The action needs a person's approval first; the identical call runs once it is approved. */
public class ApprovalRequiredException extends ActionDeniedException {

    public ApprovalRequiredException(Verdict verdict) {
        super(verdict);
    }

    /** The pending approval to approve or reject through {@code runtime.approvals()}. */
    public String approvalId() {
        return verdict().approvalId();
    }
}
