package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;

/** A compiled rule: matches when its capability covers the event's and every condition holds. */
final class Rule {
    final String id;
    final Decision decision;
    final PolicyMode mode;
    final String reason;
    final String source;
    /** Null when the rule names no capability: it then applies to every capability. */
    final Conditions.CapabilityMatch capability;
    final Condition[] conditions;
    /** The outcome when this rule decides, built once so a decision allocates nothing. */
    final PolicyDecision outcome;

    Rule(String id, Decision decision, PolicyMode mode, String reason, String source,
         Conditions.CapabilityMatch capability, Condition[] conditions) {
        this.id = id;
        this.decision = decision;
        this.mode = mode;
        this.reason = reason;
        this.source = source;
        this.capability = capability;
        this.conditions = conditions;
        this.outcome = new PolicyDecision(decision, id, reason, null, null, null);
    }

    boolean observes() {
        return mode == PolicyMode.OBSERVE;
    }

    /** The conditions other than capability (the index has already matched that). */
    boolean conditionsHold(EventView e) {
        for (Condition c : conditions) {
            if (!c.test(e)) {
                return false;
            }
        }
        return true;
    }

    boolean matches(EventView e) {
        return (capability == null || capability.test(e)) && conditionsHold(e);
    }

    /** For payload-only examples: only the conditions that read the payload. */
    boolean payloadConditionsHold(EventView e) {
        for (Condition c : conditions) {
            if (c.readsPayload() && !c.test(e)) {
                return false;
            }
        }
        return true;
    }

    PolicyExplanation.RuleTrace trace(EventView e) {
        List<PolicyExplanation.ConditionTrace> traces = new ArrayList<>();
        boolean all = true;
        if (capability != null) {
            boolean held = capability.test(e);
            all &= held;
            traces.add(new PolicyExplanation.ConditionTrace(capability.describe(), capability.observed(e), held));
        }
        for (Condition c : conditions) {
            boolean held;
            String observed;
            try {
                held = c.test(e);
                observed = c.observed(e);
            } catch (RuntimeException | StackOverflowError ex) {
                held = false;
                observed = "error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString());
            }
            all &= held;
            traces.add(new PolicyExplanation.ConditionTrace(c.describe(), observed, held));
        }
        return new PolicyExplanation.RuleTrace(id, decision, mode, source, all, List.copyOf(traces));
    }
}
