package dev.capfence.approval;

/**
 * Told of every approval transition after it is stored and recorded: requested ({@link ApprovalStatus#PENDING}),
 * approved, rejected, consumed and expired — the approval's status says which. For notifications: it runs on the
 * thread that made the transition, must be fast and must not throw; if it does, the failure is logged and the
 * transition stands.
 */
@FunctionalInterface
public interface ApprovalObserver {

    /** {@code approval} as it is now; its status is the state it moved to. */
    void changed(Approval approval);
}
