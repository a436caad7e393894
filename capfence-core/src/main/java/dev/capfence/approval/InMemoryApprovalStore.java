package dev.capfence.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default approval store: one process, nothing survives a restart. One lock keeps every operation atomic.
 * Unbounded unless made with a capacity; with one, the approvals requested longest ago are forgotten once more are
 * kept (a repeat of a forgotten action requests approval again, under a new id).
 */
public final class InMemoryApprovalStore implements ApprovalStore {

    private final int capacity;
    private final Map<String, Approval> byId = new LinkedHashMap<>(); // in the order they were requested
    // Indexes, so a decision never scans every approval ever requested (a batch of a million events asks for many).
    private final Map<String, Approval> latestByDigest = new HashMap<>();
    private final Map<String, Set<String>> pendingByActor = new HashMap<>();

    /** Keeps every approval for as long as the process runs. */
    public InMemoryApprovalStore() {
        this.capacity = Integer.MAX_VALUE;
    }

    /**
     * Keeps at most {@code capacity} approvals, forgetting the oldest requested: memory stays bounded however many
     * actions ask for approval, e.g. over a batch of events nobody will approve within the process.
     */
    public InMemoryApprovalStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized CreateResult create(Approval candidate, int maxPending, Instant now) {
        // At most one live pending approval per digest, and it is the latest: a newer one is created only after it.
        Approval latest = latestByDigest.get(candidate.digest());
        if (latest != null && latest.status() == ApprovalStatus.PENDING && !latest.expiredAt(now)) {
            return new CreateResult.Existing(latest);
        }
        if (maxPending > 0) {
            int pendingOfActor = livePendingOf(candidate.actor(), now);
            if (pendingOfActor >= maxPending) {
                return new CreateResult.LimitReached(pendingOfActor);
            }
        }
        byId.put(candidate.id(), candidate);
        latestByDigest.merge(candidate.digest(), candidate, InMemoryApprovalStore::later);
        if (candidate.status() == ApprovalStatus.PENDING) {
            pendingByActor.computeIfAbsent(candidate.actor(), a -> new LinkedHashSet<>()).add(candidate.id());
        }
        if (byId.size() > capacity) {
            forget(byId.values().iterator().next());
        }
        return new CreateResult.Created(candidate);
    }

    private void forget(Approval oldest) {
        byId.remove(oldest.id());
        if (latestByDigest.get(oldest.digest()) == oldest) { // the very approval, not an equal-looking newer one
            latestByDigest.remove(oldest.digest());
        }
        Set<String> ids = pendingByActor.get(oldest.actor());
        if (ids != null && ids.remove(oldest.id()) && ids.isEmpty()) {
            pendingByActor.remove(oldest.actor());
        }
    }

    // Expired ones are dropped from the index as they are met: time only moves on, they never become live again.
    private int livePendingOf(String actor, Instant now) {
        Set<String> ids = pendingByActor.get(actor);
        if (ids == null) {
            return 0;
        }
        ids.removeIf(id -> byId.get(id).expiredAt(now));
        return ids.size();
    }

    // On equal request times the later insert wins.
    private static Approval later(Approval known, Approval added) {
        return added.requestedAt().isBefore(known.requestedAt()) ? known : added;
    }

    @Override
    public synchronized boolean compareAndSet(ApprovalStatus expected, Approval updated) {
        Approval current = byId.get(updated.id());
        if (current == null || current.status() != expected) {
            return false;
        }
        byId.put(updated.id(), updated);
        if (latestByDigest.get(updated.digest()) == current) {
            latestByDigest.put(updated.digest(), updated);
        }
        if (updated.status() != ApprovalStatus.PENDING) {
            Set<String> ids = pendingByActor.get(updated.actor());
            if (ids != null) {
                ids.remove(updated.id());
            }
        }
        return true;
    }

    @Override
    public synchronized Optional<Approval> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Approval> latestForDigest(String digest) {
        return Optional.ofNullable(latestByDigest.get(digest));
    }

    @Override
    public synchronized List<Approval> withStatus(ApprovalStatus status) {
        List<Approval> out = new ArrayList<>();
        for (Approval a : byId.values()) {
            if (a.status() == status) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparing(Approval::requestedAt));
        return out;
    }
}
