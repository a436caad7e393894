package dev.capfence.engine;

import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSink;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyDecision;
import dev.capfence.policy.PolicyExplanation;
import dev.capfence.policy.PolicyMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The core API: decides proposed actions against a policy and runs an executor only when authorized.
 * Fails closed: an invalid event or any error while deciding is a denial with its own reason code.
 * With an audit sink, {@code execute} records every decision before anything runs, and a decision that cannot
 * be recorded is a denial ({@code audit_unavailable}). Thread-safe; the policy is compiled once and shared.
 */
public final class ActionRuntime {

    private static final System.Logger LOG = System.getLogger(ActionRuntime.class.getName());

    private final Policy policy;
    private final AuditSink auditSink;
    private final AuditFailureMode auditFailureMode;

    private ActionRuntime(Builder b) {
        this.policy = Objects.requireNonNull(b.policy, "a policy is required");
        this.auditSink = b.auditSink;
        this.auditFailureMode = b.auditFailureMode;
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

    public Policy policy() {
        return policy;
    }

    /** Decides without side effects: a dry run. */
    public Verdict evaluate(ActionEvent event) {
        long start = System.nanoTime();
        String invalid = event == null ? "no event" : event.invalidReason();
        if (invalid != null) {
            return Verdict.invalidEvent(event == null ? null : event.id(), event == null ? null : event.capability(),
                    invalid, policy.sha256());
        }
        PolicyDecision d;
        try {
            d = policy.decide(event);
        } catch (RuntimeException | StackOverflowError e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString(); // a StackOverflowError has no message
            return new Verdict(event.id(), Decision.DENY, false, ReasonCodes.POLICY_ERROR,
                    "error while evaluating the policy: " + why, null, event.capability(),
                    policy.sha256(), null, false, policy.mode(), System.nanoTime() - start, null, null, null);
        }
        return verdict(event, d, System.nanoTime() - start);
    }

    /**
     * Decides and records the decision in the audit sink, if there is one; the verdict carries the record's
     * receipt. When the record cannot be written the verdict is a denial with {@code audit_unavailable} (or,
     * with {@link AuditFailureMode#THROW}, an {@link AuditException} is thrown).
     */
    public Verdict execute(ActionEvent event) {
        return record(event, event == null ? null : event.id(), evaluate(event));
    }

    /**
     * For input that could not even be read as an event (a line that is not JSON, say): denies it with
     * {@code invalid_event} and records that denial like any other.
     */
    public Verdict executeUnreadable(String eventId, String reason) {
        return record(null, eventId, Verdict.invalidEvent(eventId, null, reason, policy.sha256()));
    }

    /**
     * Decides, records the decision, then runs the executor only when the action is authorized and its decision
     * was recorded; afterwards records the outcome (success, or the exception's class and message). A denied
     * or pending action never reaches the executor. An exception from the executor is returned in the
     * {@link Execution}, not thrown.
     */
    public <T> Execution<T> execute(ActionEvent event, ActionExecutor<T> executor) {
        Objects.requireNonNull(executor, "executor");
        Verdict verdict = execute(event);
        if (!verdict.authorized()) {
            return new Execution<>(verdict, null, null, null);
        }
        Verdict ran = verdict.withToolInvoked(true);
        T result;
        try {
            result = executor.execute(event);
        } catch (Exception e) {
            return new Execution<>(ran, null, e, recordOutcome(event, ran, e));
        } catch (Error e) {
            recordOutcome(event, ran, e);
            throw e;
        }
        return new Execution<>(ran, result, null, recordOutcome(event, ran, null));
    }

    /** Writes the decision record; the verdict is final by now, so the record's hash covers what was decided. */
    private Verdict record(ActionEvent event, String eventId, Verdict verdict) {
        if (auditSink == null) {
            return verdict;
        }
        AuditRecord.Decision record = new AuditRecord.Decision(eventId, event, verdict.decision().wireName(),
                verdict.reasonCode(), verdict.reason(), verdict.ruleId(), verdict.policySha256(),
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
    private AuditReceipt recordOutcome(ActionEvent event, Verdict ran, Throwable failure) {
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
        Verdict verdict = evaluate(event);
        if (event == null || event.invalidReason() != null) {
            PolicyDecision denied = new PolicyDecision(Decision.DENY, null, verdict.reason(), null, null, null);
            return new Explanation(verdict, new PolicyExplanation(denied, List.of()));
        }
        return new Explanation(verdict, policy.explain(event));
    }

    private Verdict verdict(ActionEvent event, PolicyDecision d, long nanos) {
        if (policy.mode() == PolicyMode.OBSERVE) {
            // Observe: nothing is blocked; what the policy would have decided is the shadow outcome.
            boolean wouldAllow = d.decision() == Decision.ALLOW;
            return new Verdict(event.id(), Decision.ALLOW, true,
                    wouldAllow ? ReasonCodes.POLICY_ALLOW : ReasonCodes.OBSERVE_MODE,
                    wouldAllow ? reasonText(d) : "observe mode: would have been " + d.decision().wireName() + ": " + reasonText(d),
                    d.ruleId(), event.capability(), policy.sha256(), null, false, PolicyMode.OBSERVE, nanos,
                    d.decision(), d.ruleId(), null);
        }
        return new Verdict(event.id(), d.decision(), d.decision() == Decision.ALLOW, reasonCode(d), reasonText(d),
                d.ruleId(), event.capability(), policy.sha256(), null, false, PolicyMode.ENFORCE, nanos,
                d.shadowDecision(), d.shadowRuleId(), null);
    }

    private static String reasonCode(PolicyDecision d) {
        if (!d.matched()) {
            return ReasonCodes.NO_MATCHING_RULE;
        }
        switch (d.decision()) {
            case DENY: return ReasonCodes.POLICY_DENY;
            case REQUIRE_APPROVAL: return ReasonCodes.POLICY_REQUIRE_APPROVAL;
            default: return ReasonCodes.POLICY_ALLOW;
        }
    }

    private static String reasonText(PolicyDecision d) {
        return d.reason() != null ? d.reason() : reasonCode(d);
    }

    /** Configures a runtime. Later issues add the approval and limit stores here. */
    public static final class Builder {
        private Policy policy;
        private AuditSink auditSink;
        private AuditFailureMode auditFailureMode = AuditFailureMode.DENY;

        private Builder() {
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

        public ActionRuntime build() {
            return new ActionRuntime(this);
        }
    }
}
