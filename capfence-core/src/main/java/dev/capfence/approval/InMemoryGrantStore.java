package dev.capfence.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default grant store: one process, nothing survives a restart. */
public final class InMemoryGrantStore implements GrantStore {

    private final Map<String, Grant> byId = new LinkedHashMap<>();

    @Override
    public synchronized void save(Grant grant) {
        byId.put(grant.id(), grant);
    }

    @Override
    public synchronized Optional<Grant> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<Grant> activeFor(String actor, Instant now) {
        List<Grant> out = new ArrayList<>();
        for (Grant g : byId.values()) {
            if (g.actor().equals(actor) && g.activeAt(now)) {
                out.add(g);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Grant> all() {
        return new ArrayList<>(byId.values());
    }

    @Override
    public synchronized boolean revoke(String id, String by, Instant at) {
        Grant g = byId.get(id);
        if (g == null || g.revokedAt() != null) {
            return false;
        }
        byId.put(id, g.revoked(by, at));
        return true;
    }
}
