package dev.capfence.engine;

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
 * Thread-safe; the policy is compiled once and shared.
 */
public final class ActionRuntime {

    private final Policy policy;

    private ActionRuntime(Builder b) {
        this.policy = Objects.requireNonNull(b.policy, "a policy is required");
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
                    policy.sha256(), null, false, policy.mode(), System.nanoTime() - start, null, null);
        }
        return verdict(event, d, System.nanoTime() - start);
    }

    /** Decides and records the decision. */
    public Verdict execute(ActionEvent event) {
        return evaluate(event);
    }

    /**
     * Decides, then runs the executor only when the action is authorized. A denied or pending action never
     * reaches the executor. An exception from the executor is returned in the {@link Execution}, not thrown.
     */
    public <T> Execution<T> execute(ActionEvent event, ActionExecutor<T> executor) {
        Objects.requireNonNull(executor, "executor");
        Verdict verdict = execute(event);
        if (!verdict.authorized()) {
            return new Execution<>(verdict, null, null);
        }
        Verdict ran = verdict.withToolInvoked(true);
        try {
            return new Execution<>(ran, executor.execute(event), null);
        } catch (Exception e) {
            return new Execution<>(ran, null, e);
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
                    d.decision(), d.ruleId());
        }
        return new Verdict(event.id(), d.decision(), d.decision() == Decision.ALLOW, reasonCode(d), reasonText(d),
                d.ruleId(), event.capability(), policy.sha256(), null, false, PolicyMode.ENFORCE, nanos,
                d.shadowDecision(), d.shadowRuleId());
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

    /** Configures a runtime. Later issues add the audit sink, approval and limit stores here. */
    public static final class Builder {
        private Policy policy;

        private Builder() {
        }

        public Builder policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        public Builder policy(Path policyFile) {
            return policy(Policy.load(policyFile));
        }

        public ActionRuntime build() {
            return new ActionRuntime(this);
        }
    }
}
