package dev.capfence.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where approvals live. Implementations must make {@link #create} and {@link #compareAndSet} atomic, also across
 * application instances that share the store: they are what makes "same id while pending", the per-actor cap and
 * single use hold under concurrency. Any RuntimeException is treated by the runtime as "store unavailable" (deny).
 */
public interface ApprovalStore {

    /**
     * Atomically: when an approval with {@code candidate.digest()} is PENDING and not expired at {@code now}, returns
     * {@link CreateResult.Existing} with it; else when {@code maxPending > 0} and the actor of the candidate already
     * has {@code maxPending} or more PENDING approvals not expired at {@code now}, returns
     * {@link CreateResult.LimitReached}; else stores the candidate and returns {@link CreateResult.Created}.
     */
    CreateResult create(Approval candidate, int maxPending, Instant now);

    /**
     * Atomically replaces the approval {@code updated.id()} by {@code updated} if its stored status is
     * {@code expected}; false (and nothing changed) otherwise, or when there is no such approval.
     */
    boolean compareAndSet(ApprovalStatus expected, Approval updated);

    Optional<Approval> get(String id);

    /** The most recently requested approval for this digest, whatever its status; on equal request times the one stored last. */
    Optional<Approval> latestForDigest(String digest);

    /** All approvals with this status, oldest request first. */
    List<Approval> withStatus(ApprovalStatus status);

    /** What {@link #create} did. */
    sealed interface CreateResult {
        /** The candidate was stored. */
        record Created(Approval approval) implements CreateResult { }

        /** A pending approval for the same digest already existed; nothing was stored. */
        record Existing(Approval approval) implements CreateResult { }

        /** The actor has too many pending approvals; nothing was stored. */
        record LimitReached(int pending) implements CreateResult { }
    }
}
