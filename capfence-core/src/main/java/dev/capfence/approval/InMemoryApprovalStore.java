package dev.capfence.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default approval store: one process, nothing survives a restart. One lock keeps every operation atomic. */
public final class InMemoryApprovalStore implements ApprovalStore {

    private final Map<String, Approval> byId = new LinkedHashMap<>();

    @Override
    public synchronized CreateResult create(Approval candidate, int maxPending, Instant now) {
        int pendingOfActor = 0;
        for (Approval a : byId.values()) {
            boolean livePending = a.status() == ApprovalStatus.PENDING && !a.expiredAt(now);
            if (livePending && a.digest().equals(candidate.digest())) {
                return new CreateResult.Existing(a);
            }
            if (livePending && a.actor().equals(candidate.actor())) {
                pendingOfActor++;
            }
        }
        if (maxPending > 0 && pendingOfActor >= maxPending) {
            return new CreateResult.LimitReached(pendingOfActor);
        }
        byId.put(candidate.id(), candidate);
        return new CreateResult.Created(candidate);
    }

    @Override
    public synchronized boolean compareAndSet(ApprovalStatus expected, Approval updated) {
        Approval current = byId.get(updated.id());
        if (current == null || current.status() != expected) {
            return false;
        }
        byId.put(updated.id(), updated);
        return true;
    }

    @Override
    public synchronized Optional<Approval> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Approval> latestForDigest(String digest) {
        Approval latest = null;
        for (Approval a : byId.values()) { // insertion order: on equal request times the later insert wins
            if (a.digest().equals(digest) && (latest == null || !a.requestedAt().isBefore(latest.requestedAt()))) {
                latest = a;
            }
        }
        return Optional.ofNullable(latest);
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
