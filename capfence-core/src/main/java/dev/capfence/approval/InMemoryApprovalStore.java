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

/** The default approval store: one process, nothing survives a restart. One lock keeps every operation atomic. */
public final class InMemoryApprovalStore implements ApprovalStore {

    private final Map<String, Approval> byId = new LinkedHashMap<>();
    // Indexes, so a decision never scans every approval ever requested (a batch of a million events asks for many).
    private final Map<String, Approval> latestByDigest = new HashMap<>();
    private final Map<String, Set<String>> pendingByActor = new HashMap<>();

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
        return new CreateResult.Created(candidate);
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
