package dev.capfence.engine;

import dev.capfence.approval.ApprovalCheck;
import dev.capfence.approval.ApprovalObserver;
import dev.capfence.approval.ApprovalSettings;
import dev.capfence.approval.ApprovalStore;
import dev.capfence.approval.Approvals;
import dev.capfence.approval.GrantStore;
import dev.capfence.approval.InMemoryApprovalStore;
import dev.capfence.approval.InMemoryGrantStore;
import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSink;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import dev.capfence.event.PayloadTooLargeException;
import dev.capfence.limit.InMemoryLimitStore;
import dev.capfence.limit.LimitCheck;
import dev.capfence.limit.LimitStore;
import dev.capfence.limit.Limits;
import dev.capfence.limit.ReserveResult;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyDecision;
import dev.capfence.policy.PolicyExplanation;
import dev.capfence.policy.PolicyMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The core API: decides proposed actions against a policy and runs an executor only when authorized.
 * Fails closed: an invalid event or any error while deciding is a denial with its own reason code.
 * With an audit sink, {@code execute} records every decision before anything runs, and a decision that cannot
 * be recorded is a denial ({@code audit_unavailable}). Thread-safe; the policy is compiled once and shared.
 */
public final class ActionRuntime {

    private static final System.Logger LOG = System.getLogger(ActionRuntime.class.getName());

    private final AuditSink auditSink;
    private final AuditFailureMode auditFailureMode;
    private final DecisionObserver decisionObserver;
    private final PolicyMode modeOverride;
    private final ApprovalStore approvalStore;
    private final GrantStore grantStore;
    private final LimitStore limitStore;
    private final Clock clock;
    private final ApprovalSettings approvalDefaults;
    private final List<ApprovalObserver> approvalObservers;
    private final EventLimits eventLimits;
    // Everything that depends on the policy, replaced as one: a call reads it once and never sees a mix.
    private volatile Enforcement enforcement;

    /** A policy with the approval settings and limits compiled from it. */
    private record Enforcement(Policy policy, PolicyMode mode, Approvals approvals, Limits limits) {
    }

    private ActionRuntime(Builder b) {
        this.decisionObserver = DecisionObservers.of(b.decisionObservers);
        this.auditSink = b.auditSink;
        this.auditFailureMode = b.auditFailureMode;
        this.modeOverride = b.modeOverride;
        this.approvalStore = b.approvalStore;
        this.grantStore = b.grantStore;
        this.limitStore = b.limitStore;
        this.clock = b.clock;
        this.approvalDefaults = b.approvalDefaults;
        this.approvalObservers = List.copyOf(b.approvalObservers);
        this.eventLimits = b.eventLimits;
        this.enforcement = enforcement(Objects.requireNonNull(b.policy, "a policy is required"));
    }

    private Enforcement enforcement(Policy policy) {
        ApprovalSettings approval = approvalDefaults.withPolicyBlock(policy.approvalSettings()); // the policy wins
        return new Enforcement(policy, modeOverride != null ? modeOverride : policy.mode(),
                new Approvals(approvalStore, grantStore, approval, clock, auditSink, approvalObservers),
                new Limits(policy.limits(), limitStore, clock));
    }

    /**
     * Replaces the policy: calls that started before keep deciding with the old one, calls that start after use the
     * new one; no call is ever decided without a policy. Approvals, grants and limit counters live in the stores and
     * carry over.
     */
    public void replacePolicy(Policy policy) {
        this.enforcement = enforcement(Objects.requireNonNull(policy, "policy"));
    }

    /** Approving, rejecting and listing approvals; granting and revoking grants. */
    public Approvals approvals() {
        return enforcement.approvals();
    }

    /** The mode decisions are made in: the policy's, unless the runtime was built with {@link Builder#mode}. */
    public PolicyMode mode() {
        return enforcement.mode();
    }

    /** A runtime for a policy file; throws {@link dev.capfence.policy.PolicyException} when it is invalid. */
    public static ActionRuntime fromPolicy(Path policyFile) {
        return builder().policy(Policy.load(policyFile)).build();
    }

    public static ActionRuntime fromPolicy(Policy policy) {
        return builder().policy(policy).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy in force. */
    public Policy policy() {
        return enforcement.policy();
    }

    /** Decides without side effects: a dry run. */
    public Verdict evaluate(ActionEvent event) {
        return evaluate(enforcement, event);
    }

    private Verdict evaluate(Enforcement current, ActionEvent event) {
        Policy policy = current.policy();
        long start = System.nanoTime();
        String invalid = event == null ? "no event" : event.invalidReason();
        if (invalid != null) {
            return Verdict.invalidEvent(event == null ? null : event.id(), event == null ? null : event.capability(),
                    invalid, policy.sha256());
        }
        String tooLarge = eventLimits.violation(event);
        if (tooLarge != null) {
            return Verdict.payloadTooLarge(event.id(), event.capability(), tooLarge, policy.sha256());
        }
        PolicyDecision d;
        try {
            d = policy.decide(event);
        } catch (RuntimeException | StackOverflowError e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString(); // a StackOverflowError has no message
            return Verdict.builder(event.id(), Decision.DENY, ReasonCode.POLICY_ERROR)
                    .reason("error while evaluating the policy: " + why).capability(event.capability())
                    .policySha256(policy.sha256()).mode(current.mode()).evaluationNanos(System.nanoTime() - start)
                    .build();
        }
        return verdict(current, event, d, System.nanoTime() - start);
    }

    /**
     * Decides and records the decision in the audit sink, if there is one; the verdict carries the record's
     * receipt. When the record cannot be written the verdict is a denial with {@code audit_unavailable} (or,
     * with {@link AuditFailureMode#THROW}, an {@link AuditException} is thrown).
     */
    public Verdict execute(ActionEvent event) {
        return decideAndRecord(enforcement, event).verdict;
    }

    /**
     * The verdict {@code execute} records and the limit slots it took. Slots stay taken once an action is
     * authorized: {@code execute(event)} cannot know whether the caller runs the tool, so it counts as run.
     */
    private Gated decideAndRecord(Enforcement current, ActionEvent event) {
        DecisionObserver.Scope scope = startObserving(event);
        Verdict recorded;
        Gated gated;
        try {
            gated = gate(current, event, evaluate(current, event));
            recorded = record(event, event == null ? null : event.id(), gated.verdict);
        } catch (RuntimeException | Error e) {
            stopObserving(scope, null, e);
            throw e;
        }
        stopObserving(scope, recorded, null);
        notifyListener(recorded);
        return new Gated(recorded, gated.reservations);
    }

    private DecisionObserver.Scope startObserving(ActionEvent event) {
        if (decisionObserver == null || event == null) {
            return null;
        }
        try {
            return decisionObserver.start(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "decision observer failed for event " + event.id(), e);
            return null;
        }
    }

    private static void stopObserving(DecisionObserver.Scope scope, Verdict verdict, Throwable failure) {
        if (scope == null) {
            return;
        }
        try {
            scope.stop(verdict, failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "decision observer failed", e);
        }
    }

    /**
     * Denies a well-formed event for a reason found before the policy is asked (a tool whose definition changed
     * since it was pinned, say) and records that denial with the event, like any other. The policy is not
     * evaluated: nothing it says can let such a call through.
     */
    public Verdict refuse(ActionEvent event, ReasonCode reasonCode, String reason) {
        Verdict denied = Verdict.builder(event.id(), Decision.DENY, reasonCode).reason(reason)
                .capability(event.capability()).policySha256(enforcement.policy().sha256()).build();
        Verdict recorded = record(event, event.id(), denied);
        notifyListener(recorded);
        return recorded;
    }

    /**
     * For input that could not even be read as an event (a line that is not JSON, say): denies it with
     * {@code invalid_event} and records that denial like any other.
     */
    public Verdict executeUnreadable(String eventId, String reason) {
        return recordUnreadable(Verdict.invalidEvent(eventId, null, reason, enforcement.policy().sha256()));
    }

    /**
     * For input that could not be read as an event: denies it with the exception's reason code
     * ({@code invalid_event}, or {@code payload_too_large} for a {@link PayloadTooLargeException}) and records that
     * denial. {@code where} (say {@code "line 3: "}) is put before the message; may be empty.
     */
    public Verdict executeInvalid(InvalidEventException problem, String where) {
        String reason = where + problem.getMessage();
        String sha = enforcement.policy().sha256();
        return recordUnreadable(problem instanceof PayloadTooLargeException
                ? Verdict.payloadTooLarge(problem.eventId(), null, reason, sha)
                : Verdict.invalidEvent(problem.eventId(), null, reason, sha));
    }

    private Verdict recordUnreadable(Verdict denied) {
        Verdict recorded = record(null, denied.eventId(), denied);
        notifyListener(recorded);
        return recorded;
    }

    /** The size and nesting limits events are held to. */
    public EventLimits eventLimits() {
        return eventLimits;
    }

    // Observers (metrics) must never change or block a decision: their failures are logged and ignored.
    private void notifyListener(Verdict verdict) {
        if (decisionObserver != null) {
            decisionObserver.decided(verdict);
        }
    }


    /**
     * Decides, records the decision, then runs the executor only when the action is authorized and its decision
     * was recorded; afterwards records the outcome (success, or the exception's class and message). A denied
     * or pending action never reaches the executor. An exception from the executor is returned in the
     * {@link Execution}, not thrown.
     */
    public <T> Execution<T> execute(ActionEvent event, ActionExecutor<T> executor) {
        Objects.requireNonNull(executor, "executor");
        StartedAction started = start(event);
        Verdict verdict = started.verdict();
        if (!started.authorized()) {
            return new Execution<>(verdict, null, null, null);
        }
        T result;
        try {
            result = executor.execute(event);
        } catch (Exception e) {
            return new Execution<>(verdict, null, e, started.finish(e));
        } catch (Error e) {
            started.finish(e);
            throw e;
        }
        return new Execution<>(verdict, result, null, started.finish(null));
    }

    /**
     * Decides and records the decision as {@link #execute(ActionEvent, ActionExecutor)} does, for work that ends
     * after this call returns (a {@code CompletionStage}, a reactive stream): when the returned action is authorized
     * the caller starts the work, and calls {@link StartedAction#finish} when it is over to record its outcome.
     */
    public StartedAction start(ActionEvent event) {
        Enforcement current = enforcement;
        Gated gated = decideAndRecord(current, event);
        Verdict verdict = gated.verdict;
        if (!verdict.authorized()) {
            release(current, gated.reservations); // e.g. allowed, but the record could not be written: the tool never runs
            return new StartedAction(this, event, verdict);
        }
        return new StartedAction(this, event, verdict.withToolInvoked(true));
    }

    /** A verdict and the limit slots taken for it. */
    private record Gated(Verdict verdict, List<ReserveResult.Reservation> reservations) {
        static Gated of(Verdict v) {
            return new Gated(v, List.of());
        }
    }

    /**
     * The stateful part of a decision, after the policy's: approvals and grants for require_approval, limits for
     * allow. A deny stays a deny. Observe mode, invalid events and policy errors pass unchanged. Any store failure
     * is a denial ({@code store_unavailable}), never a pass.
     */
    private Gated gate(Enforcement current, ActionEvent event, Verdict v) {
        Approvals approvals = current.approvals();
        Limits limits = current.limits();
        if (event == null || v.mode() != PolicyMode.ENFORCE || v.reasonCode() == ReasonCode.INVALID_EVENT
                || v.reasonCode() == ReasonCode.PAYLOAD_TOO_LARGE || v.reasonCode() == ReasonCode.POLICY_ERROR) {
            return Gated.of(v);
        }
        try {
            if (v.decision() == Decision.REQUIRE_APPROVAL) {
                return Gated.of(fromApproval(v, approvals.check(event, true), v.reasonCode(), v.reason()));
            }
            if (v.decision() != Decision.ALLOW || limits.isEmpty()) {
                return Gated.of(v);
            }
            LimitCheck check = limits.reserve(event);
            if (check.passed()) {
                return new Gated(v, check.reservations());
            }
            if (check.exceeded().onExceed() == Decision.REQUIRE_APPROVAL) {
                // grants do not lift a limit: exceeding one needs a person's approval of this very action
                return Gated.of(fromApproval(v, approvals.check(event, false), ReasonCode.LIMIT_EXCEEDED, check.reason()));
            }
            return Gated.of(changed(v, Decision.DENY, ReasonCode.LIMIT_EXCEEDED, check.reason(), null));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "approval or limit store failed for event " + event.id(), e);
            return Gated.of(changed(v, Decision.DENY, ReasonCode.STORE_UNAVAILABLE,
                    "the approval or limit store is unavailable: " + (e.getMessage() != null ? e.getMessage() : e), null));
        }
    }

    /** The verdict for what the approval gate answered; a new request keeps the code and reason that asked for it. */
    private static Verdict fromApproval(Verdict v, ApprovalCheck c, ReasonCode requestCode, String requestReason) {
        switch (c.kind()) {
            case REQUESTED:
                return changed(v, Decision.REQUIRE_APPROVAL, requestCode, requestReason, c.id());
            case PENDING:
                return changed(v, Decision.REQUIRE_APPROVAL, ReasonCode.APPROVAL_PENDING, c.detail(), c.id());
            case GRANTED:
                return changed(v, Decision.ALLOW, ReasonCode.APPROVAL_GRANTED, c.detail(), c.id());
            case GRANT_APPLIED:
                return changed(v, Decision.ALLOW, ReasonCode.GRANT_APPLIED, c.detail(), c.id());
            case REJECTED:
                return changed(v, Decision.DENY, ReasonCode.APPROVAL_REJECTED, c.detail(), c.id());
            case EXPIRED:
                return changed(v, Decision.DENY, ReasonCode.APPROVAL_EXPIRED, c.detail(), c.id());
            default:
                return changed(v, Decision.DENY, ReasonCode.APPROVAL_LIMIT, c.detail(), null);
        }
    }

    private static Verdict changed(Verdict v, Decision d, ReasonCode code, String reason, String approvalId) {
        return Verdict.builder(v.eventId(), d, code).reason(reason).ruleId(v.ruleId()).capability(v.capability())
                .policySha256(v.policySha256()).approvalId(approvalId).mode(v.mode())
                .evaluationNanos(v.evaluationNanos()).shadow(v.shadowDecision(), v.shadowRuleId()).build();
    }

    private void release(Enforcement current, List<ReserveResult.Reservation> reservations) {
        if (reservations.isEmpty()) {
            return;
        }
        try {
            current.limits().release(reservations);
        } catch (RuntimeException e) { // the slot stays taken: errs towards refusing later calls
            LOG.log(System.Logger.Level.ERROR, "could not release limit reservations " + reservations, e);
        }
    }

    /** Writes the decision record; the verdict is final by now, so the record's hash covers what was decided. */
    private Verdict record(ActionEvent event, String eventId, Verdict verdict) {
        if (auditSink == null) {
            return verdict;
        }
        AuditRecord.Decision record = new AuditRecord.Decision(eventId, event, verdict.decision().wireName(),
                verdict.reasonCode().wireName(), verdict.reason(), verdict.ruleId(), verdict.policySha256(),
                verdict.mode().wireName(), verdict.approvalId(),
                verdict.shadowDecision() == null ? null : verdict.shadowDecision().wireName(), verdict.shadowRuleId());
        AuditReceipt receipt;
        try {
            receipt = auditSink.append(record);
        } catch (RuntimeException e) {
            if (auditFailureMode == AuditFailureMode.THROW) {
                throw e instanceof AuditException a ? a : new AuditException("the audit sink failed: " + e, e);
            }
            return Verdict.auditUnavailable(verdict, e.getMessage() != null ? e.getMessage() : e.toString());
        }
        if (receipt == null) { // a sink that returns no receipt has not proven the record exists
            return Verdict.auditUnavailable(verdict, "the audit sink returned no receipt");
        }
        return verdict.withReceipt(receipt);
    }

    /**
     * Writes the outcome record. The tool has already run, so a failure here cannot undo anything: it is
     * logged, and the execution carries no outcome receipt.
     */
    AuditReceipt recordOutcome(ActionEvent event, Verdict ran, Throwable failure) {
        if (auditSink == null || ran.receipt() == null) {
            return null;
        }
        AuditRecord.Outcome outcome = new AuditRecord.Outcome(event.id(), ran.receipt().seq(), true, failure == null,
                failure == null ? null : failure.getClass().getName(), failure == null ? null : failure.getMessage());
        try {
            return auditSink.append(outcome);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the outcome of event " + event.id() + " (decision seq "
                    + ran.receipt().seq() + ") could not be recorded", e);
            return null;
        }
    }

    /** The verdict and every rule's conditions against this event. */
    public Explanation explain(ActionEvent event) {
        Enforcement current = enforcement;
        Verdict verdict = evaluate(current, event);
        if (event == null || event.invalidReason() != null || eventLimits.violation(event) != null) {
            PolicyDecision denied = new PolicyDecision(Decision.DENY, null, verdict.reason(), null, null, null);
            return new Explanation(verdict, new PolicyExplanation(denied, List.of()));
        }
        return new Explanation(verdict, current.policy().explain(event));
    }

    private Verdict verdict(Enforcement current, ActionEvent event, PolicyDecision d, long nanos) {
        Policy policy = current.policy();
        if (current.mode() == PolicyMode.OBSERVE) {
            // Observe: nothing is blocked; what the policy would have decided is the shadow outcome.
            boolean wouldAllow = d.decision() == Decision.ALLOW;
            return Verdict.builder(event.id(), Decision.ALLOW, wouldAllow ? ReasonCode.POLICY_ALLOW : ReasonCode.OBSERVE_MODE)
                    .reason(wouldAllow ? reasonText(d)
                            : "observe mode: would have been " + d.decision().wireName() + ": " + reasonText(d))
                    .ruleId(d.ruleId()).capability(event.capability()).policySha256(policy.sha256())
                    .mode(PolicyMode.OBSERVE).evaluationNanos(nanos).shadow(d.decision(), d.ruleId()).build();
        }
        return Verdict.builder(event.id(), d.decision(), reasonCode(d)).reason(reasonText(d)).ruleId(d.ruleId())
                .capability(event.capability()).policySha256(policy.sha256()).evaluationNanos(nanos)
                .shadow(d.shadowDecision(), d.shadowRuleId()).build();
    }

    private static ReasonCode reasonCode(PolicyDecision d) {
        if (!d.matched()) {
            return ReasonCode.NO_MATCHING_RULE;
        }
        switch (d.decision()) {
            case DENY: return ReasonCode.POLICY_DENY;
            case REQUIRE_APPROVAL: return ReasonCode.POLICY_REQUIRE_APPROVAL;
            default: return ReasonCode.POLICY_ALLOW;
        }
    }

    private static String reasonText(PolicyDecision d) {
        return d.reason() != null ? d.reason() : reasonCode(d).wireName();
    }

    /** Configures a runtime. */
    public static final class Builder {
        private Policy policy;
        private AuditSink auditSink;
        private AuditFailureMode auditFailureMode = AuditFailureMode.DENY;
        private ApprovalStore approvalStore = new InMemoryApprovalStore();
        private GrantStore grantStore = new InMemoryGrantStore();
        private LimitStore limitStore = new InMemoryLimitStore();
        private Clock clock = Clock.systemUTC();
        private PolicyMode modeOverride;
        private final List<DecisionObserver> decisionObservers = new ArrayList<>();
        private final List<ApprovalObserver> approvalObservers = new ArrayList<>();
        private ApprovalSettings approvalDefaults = ApprovalSettings.DEFAULTS;
        private EventLimits eventLimits = EventLimits.DEFAULTS;

        private Builder() {
        }

        /**
         * How large and how deeply nested an event may be; larger ones are denied with {@code payload_too_large}
         * without being evaluated. {@link EventLimits#DEFAULTS} (1 MiB, 64 levels) by default.
         */
        public Builder eventLimits(EventLimits limits) {
            this.eventLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        public Builder policy(Path policyFile) {
            return policy(Policy.load(policyFile));
        }

        /**
         * Where {@code execute} records decisions and outcomes (signing and redaction are configured on the sink).
         * The runtime does not close it. None by default: nothing is recorded.
         */
        public Builder auditSink(AuditSink sink) {
            this.auditSink = sink;
            return this;
        }

        /** What {@code execute} does when the sink cannot record a decision; {@link AuditFailureMode#DENY} by default. */
        public Builder onAuditFailure(AuditFailureMode mode) {
            this.auditFailureMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Where approvals live; in memory by default. */
        public Builder approvalStore(ApprovalStore store) {
            this.approvalStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where grants live; in memory by default. */
        public Builder grantStore(GrantStore store) {
            this.grantStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where limit counters live; in memory by default. */
        public Builder limitStore(LimitStore store) {
            this.limitStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The time approvals, grants and limit windows are measured by; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Called with every verdict {@code execute} and {@code executeUnreadable} return (after recording, before any
         * executor runs); not for {@code evaluate} or {@code explain} dry runs. Meant for metrics: it runs on the
         * calling thread, should be fast, and an exception it throws is logged and ignored. Calling this again
         * adds a listener (they run in order).
         */
        public Builder onDecision(Consumer<Verdict> listener) {
            Objects.requireNonNull(listener, "listener");
            return observeDecisions(new DecisionObserver() {
                @Override
                public Scope start(ActionEvent event) {
                    return null;
                }

                @Override
                public void decided(Verdict verdict) {
                    listener.accept(verdict);
                }
            });
        }

        /**
         * Observes every decision the runtime records (tracing, timing, metrics); none by default. Calling this again
         * adds an observer (they are told in order).
         */
        public Builder observeDecisions(DecisionObserver observer) {
            decisionObservers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Told of every approval transition (requested, approved, rejected, consumed, expired) after it is recorded;
         * none by default. Calling this again adds an observer (they are told in order).
         */
        public Builder observeApprovals(ApprovalObserver observer) {
            approvalObservers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Decides in this mode whatever the policy says ({@code observe} to roll a policy out without blocking,
         * {@code enforce} to enforce a policy written in observe mode); null (the default) keeps the policy's own.
         * Rules marked {@code mode: observe} stay shadow rules.
         */
        public Builder mode(PolicyMode mode) {
            this.modeOverride = mode;
            return this;
        }

        /**
         * Approval settings for what the policy's {@code approval} block leaves unset: each setting the block names
         * wins, the rest come from here. {@link ApprovalSettings#DEFAULTS} by default.
         */
        public Builder approvalDefaults(ApprovalSettings defaults) {
            this.approvalDefaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        public ActionRuntime build() {
            return new ActionRuntime(this);
        }
    }
}
