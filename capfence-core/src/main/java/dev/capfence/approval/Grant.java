package dev.capfence.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's pre-authorization: actions of {@code actor} on capabilities matching {@code capability} (a glob,
 * prefix semantics like policy rules) and, when set, in {@code environment}, that would need approval are allowed.
 * Bounded by {@code expiresAt} (null: no time bound, only for session grants) and, when {@code sessionId} is set,
 * to events whose {@code context.session_id} equals it. {@code revokedAt}/{@code revokedBy} are set once revoked.
 */
public record Grant(String id, String actor, String capability, String environment, String sessionId,
                    String grantedBy, Instant grantedAt, Instant expiresAt, String revokedBy, Instant revokedAt) {

    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(grantedBy, "grantedBy");
        Objects.requireNonNull(grantedAt, "grantedAt");
        if (expiresAt == null && sessionId == null) {
            throw new IllegalArgumentException("a grant needs a duration or a session id");
        }
    }

    /** Not revoked and not expired at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Grant revoked(String by, Instant at) {
        return new Grant(id, actor, capability, environment, sessionId, grantedBy, grantedAt, expiresAt, by, at);
    }
}
