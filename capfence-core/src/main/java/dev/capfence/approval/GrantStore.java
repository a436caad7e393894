package dev.capfence.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where grants live. Any RuntimeException is treated by the runtime as "store unavailable" (deny). */
public interface GrantStore {

    void save(Grant grant);

    Optional<Grant> get(String id);

    /** Grants of this actor that are not revoked and not expired at {@code now}, oldest first. */
    List<Grant> activeFor(String actor, Instant now);

    /** All grants, oldest first (revoked and expired included). */
    List<Grant> all();

    /** Atomically marks the grant revoked if it is not yet; false when unknown or already revoked. */
    boolean revoke(String id, String by, Instant at);
}
