package dev.capfence.approval;

import dev.capfence.audit.ActionDigest;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSink;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.policy.Patterns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Approvals and grants: what operators call ({@link #approve}, {@link #reject}, {@link #grant}, {@link #revoke}) and
 * the gate the runtime asks about an action that needs approval ({@link #check}). Thread-safe: every state change
 * is an atomic operation of the store, so concurrent calls (and instances sharing a store) agree.
 * Every transition is written to the audit sink when there is one; a transition that cannot be recorded is logged
 * and stands (the runtime's own decision record, with the approval id, is what authorizes a run).
 */
public final class Approvals {

    private static final System.Logger LOG = System.getLogger(Approvals.class.getName());
    /** Bounds the retries when another caller changes the same approval between our read and our write. */
    private static final int MAX_RACES = 16;

    private final ApprovalStore store;
    private final GrantStore grants;
    private final ApprovalSettings settings;
    private final Clock clock;
    private final AuditSink audit;
    private final List<ApprovalObserver> observers;

    public Approvals(ApprovalStore store, GrantStore grants, ApprovalSettings settings, Clock clock, AuditSink audit) {
        this(store, grants, settings, clock, audit, List.of());
    }

    /** With observers told of every approval transition, in order (see {@link ApprovalObserver}). */
    public Approvals(ApprovalStore store, GrantStore grants, ApprovalSettings settings, Clock clock, AuditSink audit,
                     List<ApprovalObserver> observers) {
        this.store = Objects.requireNonNull(store, "store");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = audit;
        this.observers = List.copyOf(observers);
    }

    public ApprovalSettings settings() {
        return settings;
    }

    // ---- operators -------------------------------------------------------------------------------------------

    public Optional<Approval> get(String id) {
        return store.get(id);
    }

    /** Approvals waiting for a decision that have not expired, oldest first. */
    public List<Approval> pending() {
        Instant now = clock.instant();
        List<Approval> out = new ArrayList<>();
        for (Approval a : store.withStatus(ApprovalStatus.PENDING)) {
            if (!a.expiredAt(now)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Marks every pending approval whose expiry has passed as expired, each with its audit record, and returns them.
     * Expiry is otherwise applied when an approval is next touched; a scheduled sweep calls this so that listings,
     * notifications and the audit agree without waiting for that. Safe to run concurrently with anything: an
     * approval another caller changes first is left to that caller.
     */
    public List<Approval> expireDue() {
        Instant now = clock.instant();
        List<Approval> out = new ArrayList<>();
        for (Approval a : store.withStatus(ApprovalStatus.PENDING)) {
            if (a.expiredAt(now) && expire(a, null)) {
                out.add(a.withStatus(ApprovalStatus.EXPIRED));
            }
        }
        return out;
    }

    /** Approves a pending approval; the identical action may then run (once, unless single_use is false). */
    public Approval approve(String id, String approver, String note) {
        return decide(id, approver, note, ApprovalStatus.APPROVED);
    }

    /** Rejects a pending approval; the identical action is denied until the approval's expiry. */
    public Approval reject(String id, String approver, String note) {
        return decide(id, approver, note, ApprovalStatus.REJECTED);
    }

    /**
     * Why {@code approver} may not decide {@code a} (the requester, or not matching the policy's approvers), or
     * null when they may. The rule {@link #approve} and {@link #reject} apply, for a page that shows a decide button
     * only to whom it would accept.
     */
    public String refusal(Approval a, String approver) {
        if (approver == null || approver.isBlank()) {
            return "an approver is required";
        }
        if (approver.equals(a.actor())) {
            return approver + " requested approval " + a.id() + " and cannot decide it: "
                    + "an approval needs someone other than the requesting actor";
        }
        if (!settings.approvers().isEmpty()
                && settings.approvers().stream().noneMatch(g -> Patterns.matches(g, approver))) {
            return approver + " is not an approver: the policy allows " + String.join(", ", settings.approvers());
        }
        return null;
    }

    private Approval decide(String id, String approver, String note, ApprovalStatus to) {
        if (approver == null || approver.isBlank()) {
            throw new ApprovalException("an approver is required");
        }
        Approval a = store.get(id).orElseThrow(() -> new ApprovalException("no approval with id " + id));
        String refused = refusal(a, approver);
        if (refused != null) {
            throw new ApprovalException(refused);
        }
        Instant now = clock.instant();
        if (a.status() == ApprovalStatus.PENDING && a.expiredAt(now)) {
            expire(a, null);
            throw new ApprovalException("approval " + id + " expired at " + a.expiresAt());
        }
        Approval decided = a.decided(to, approver, now, note);
        if (a.status() != ApprovalStatus.PENDING || !store.compareAndSet(ApprovalStatus.PENDING, decided)) {
            String now2 = store.get(id).map(x -> x.status().wireName()).orElse("gone");
            throw new ApprovalException("approval " + id + " is " + now2 + ", not pending");
        }
        record(decided, to.wireName(), approver, note, null);
        tell(decided);
        return decided;
    }

    /**
     * Pre-authorizes {@code actor} for capabilities matching {@code capability} (and {@code environment}, when not
     * null) for {@code duration}: actions that need approval are allowed without one. Never overrides a deny.
     */
    public Grant grant(String actor, String capability, String environment, Duration duration, String grantedBy) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new ApprovalException("a grant's duration must be positive");
        }
        return saveGrant(actor, capability, environment, null, duration, grantedBy);
    }

    /** Like {@link #grant(String, String, String, Duration, String)}, for events whose {@code context.session_id} is {@code sessionId}. */
    public Grant grantForSession(String actor, String capability, String environment, String sessionId,
                                 String grantedBy) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new ApprovalException("a session grant needs a session id");
        }
        return saveGrant(actor, capability, environment, sessionId, null, grantedBy);
    }

    private Grant saveGrant(String actor, String capability, String environment, String session, Duration duration,
                            String grantedBy) {
        if (actor == null || capability == null || capability.isBlank() || grantedBy == null || grantedBy.isBlank()) {
            throw new ApprovalException("a grant needs an actor, a capability and who grants it");
        }
        if (grantedBy.equals(actor)) {
            throw new ApprovalException(actor + " cannot grant itself");
        }
        Instant now = clock.instant();
        Grant g = new Grant(UUID.randomUUID().toString(), actor, capability, environment, session, grantedBy, now,
                duration == null ? null : now.plus(duration), null, null);
        grants.save(g);
        recordGrant(g, "granted", grantedBy);
        return g;
    }

    /** Ends a grant now; false when it is unknown or already revoked. */
    public boolean revoke(String grantId, String revokedBy) {
        boolean done = grants.revoke(grantId, revokedBy, clock.instant());
        if (done) {
            grants.get(grantId).ifPresent(g -> recordGrant(g, "revoked", revokedBy));
        }
        return done;
    }

    public List<Grant> grants() {
        return grants.all();
    }

    // ---- the runtime's gate ----------------------------------------------------------------------------------

    /**
     * For a valid event that needs approval: uses a matching grant (when {@code grantsApply}), an approved approval
     * for the identical action, or the pending one, or requests a new one. Store failures propagate.
     */
    public ApprovalCheck check(ActionEvent event, boolean grantsApply) {
        Instant now = clock.instant();
        if (grantsApply) {
            Grant g = matchingGrant(event, now);
            if (g != null) {
                return new ApprovalCheck(ApprovalCheck.Kind.GRANT_APPLIED, g.id(), "granted by " + g.grantedBy());
            }
        }
        String digest = ActionDigest.of(event);
        for (int race = 0; race < MAX_RACES; race++) {
            ApprovalCheck answer = checkOnce(event, digest, now);
            if (answer != null) {
                return answer;
            }
        }
        throw new IllegalStateException("approval of " + digest + " kept changing under concurrent updates");
    }

    /** One read-then-act round; null when another caller changed the approval in between. */
    private ApprovalCheck checkOnce(ActionEvent event, String digest, Instant now) {
        Approval latest = store.latestForDigest(digest).orElse(null);
        if (latest != null) {
            switch (latest.status()) {
                case PENDING:
                    if (latest.expiredAt(now)) {
                        return expire(latest, event.id()) ? expired(latest) : null;
                    }
                    return new ApprovalCheck(ApprovalCheck.Kind.PENDING, latest.id(), "awaiting approval " + latest.id());
                case APPROVED:
                    if (latest.expiredAt(now)) {
                        return expire(latest, event.id()) ? expired(latest) : null;
                    }
                    if (!settings.singleUse()) {
                        return granted(latest);
                    }
                    // single use: of concurrent identical calls, only the one whose compare-and-set wins runs
                    if (!store.compareAndSet(ApprovalStatus.APPROVED, latest.withStatus(ApprovalStatus.CONSUMED))) {
                        return null;
                    }
                    record(latest, "consumed", null, null, event.id());
                    tell(latest.withStatus(ApprovalStatus.CONSUMED));
                    return granted(latest);
                case REJECTED:
                    if (!latest.expiredAt(now)) {
                        return new ApprovalCheck(ApprovalCheck.Kind.REJECTED, latest.id(), "rejected by "
                                + latest.decidedBy() + (latest.note() == null ? "" : ": " + latest.note()));
                    }
                    break;
                default: // CONSUMED, EXPIRED: a new request
            }
        }
        return request(event, digest, now);
    }

    private ApprovalCheck request(ActionEvent event, String digest, Instant now) {
        Approval candidate = new Approval(UUID.randomUUID().toString(), digest, event.actor(), event.capability(),
                event.environment(), ApprovalStatus.PENDING, now, now.plus(settings.timeout()), null, null, null,
                ActionEventJson.toJson(event));
        ApprovalStore.CreateResult r = store.create(candidate, settings.maxPending(), now);
        if (r instanceof ApprovalStore.CreateResult.Created c) {
            record(c.approval(), "requested", null, null, event.id());
            tell(c.approval());
            return new ApprovalCheck(ApprovalCheck.Kind.REQUESTED, c.approval().id(),
                    "approval " + c.approval().id() + " requested");
        }
        if (r instanceof ApprovalStore.CreateResult.Existing e) {
            return new ApprovalCheck(ApprovalCheck.Kind.PENDING, e.approval().id(), "awaiting approval " + e.approval().id());
        }
        int pending = ((ApprovalStore.CreateResult.LimitReached) r).pending();
        return new ApprovalCheck(ApprovalCheck.Kind.LIMIT_REACHED, null, event.actor() + " already has " + pending
                + " pending approvals (approval.max_pending " + settings.maxPending() + ")");
    }

    private static ApprovalCheck granted(Approval a) {
        return new ApprovalCheck(ApprovalCheck.Kind.GRANTED, a.id(), "approved by " + a.decidedBy()
                + (a.note() == null ? "" : ": " + a.note()));
    }

    private static ApprovalCheck expired(Approval a) {
        return new ApprovalCheck(ApprovalCheck.Kind.EXPIRED, a.id(), "approval " + a.id() + " expired at "
                + a.expiresAt() + "; propose the action again to request a new one");
    }

    /** Marks an approval expired; true when this call did it (and recorded it). */
    private boolean expire(Approval a, String eventId) {
        if (!store.compareAndSet(a.status(), a.withStatus(ApprovalStatus.EXPIRED))) {
            return false;
        }
        record(a, "expired", null, null, eventId);
        tell(a.withStatus(ApprovalStatus.EXPIRED));
        return true;
    }

    private Grant matchingGrant(ActionEvent event, Instant now) {
        for (Grant g : grants.activeFor(event.actor(), now)) {
            boolean capability = Patterns.coversCapability(g.capability(), event.capability());
            boolean environment = g.environment() == null || g.environment().equals(event.environment());
            boolean session = g.sessionId() == null || g.sessionId().equals(event.context().get("session_id"));
            if (capability && environment && session) {
                return g;
            }
        }
        return null;
    }

    // Observers notify people: a failing one must never change or block the transition.
    private void tell(Approval a) {
        for (ApprovalObserver o : observers) {
            try {
                o.changed(a);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "approval observer failed for " + a.id(), e);
            }
        }
    }

    // ---- audit -----------------------------------------------------------------------------------------------

    private void record(Approval a, String transition, String by, String note, String eventId) {
        if (audit == null) {
            return; // without a sink there is no record to build
        }
        append(new AuditRecord.ApprovalTransition(a.id(), transition, a.digest(), a.actor(), a.capability(),
                a.environment(), by, note, eventId));
    }

    private void recordGrant(Grant g, String transition, String by) {
        append(new AuditRecord.GrantTransition(g.id(), transition, g.actor(), g.capability(), g.environment(),
                g.sessionId(), g.expiresAt() == null ? null : g.expiresAt().toString(), by));
    }

    private void append(AuditRecord record) {
        if (audit == null) {
            return;
        }
        try {
            audit.append(record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not record " + record, e);
        }
    }
}
