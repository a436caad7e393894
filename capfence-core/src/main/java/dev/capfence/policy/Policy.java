package dev.capfence.policy;

import dev.capfence.event.ActionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled policy: load it once, then decide any number of events concurrently. Immutable.
 * Rules are held in precedence order (deny, require_approval, allow; declaration order within each),
 * so the first rule that matches decides.
 */
public final class Policy {

    private final String name;
    private final String sha256;
    private final PolicyMode mode;
    private final List<String> sources;
    private final Rule[] rules;
    private final RuleIndex index;
    private final Map<String, Object> approval;
    private final List<Limit> limits;
    private final Map<String, String> toolCapabilities;

    Policy(String name, String sha256, PolicyMode mode, List<String> sources, Rule[] rules,
           Map<String, Object> approval, List<Limit> limits, Map<String, String> toolCapabilities) {
        this.name = name;
        this.sha256 = sha256;
        this.mode = mode;
        this.sources = List.copyOf(sources);
        this.rules = rules;
        this.index = new RuleIndex(rules);
        this.approval = approval;
        this.limits = limits;
        this.toolCapabilities = toolCapabilities;
    }

    /** Loads a policy file (and whatever it extends). Throws {@link PolicyException} naming every problem. */
    public static Policy load(Path path) {
        return PolicyCompiler.compile(PolicySource.file(path));
    }

    /** Loads {@code classpath:a/b.yaml}, {@code file:/x.yaml} or a plain file path. */
    public static Policy load(String location) {
        return PolicyCompiler.compile(PolicySource.locate(location, null));
    }

    /** Compiles policy text; {@code sourceName} is used in error messages, extends resolve from the working directory. */
    public static Policy parse(String yaml, String sourceName) {
        return PolicyCompiler.compile(PolicySource.text(sourceName, yaml));
    }

    /** Every problem in a policy file; empty when it is valid. */
    public static List<PolicyProblem> lint(Path path) {
        try {
            load(path);
            return List.of();
        } catch (PolicyException e) {
            return e.problems();
        }
    }

    /** The policy's name ({@code name} or upstream {@code policy_name}), or null. */
    public String name() {
        return name;
    }

    /** SHA-256 of the policy text (of every source, in load order, when it extends others). */
    public String sha256() {
        return sha256;
    }

    /** {@code observe} lets every action through and records what would have been decided. */
    public PolicyMode mode() {
        return mode;
    }

    /** The sources the policy was built from, root first. */
    public List<String> sources() {
        return sources;
    }

    public int ruleCount() {
        return rules.length;
    }

    /** The policy's {@code approval} settings as written (timeout, approvers, single_use …). */
    public Map<String, Object> approvalSettings() {
        return approval;
    }

    /**
     * The capability the policy's {@code tools:} mapping gives calls of {@code tool}, or null when it names none (the
     * integration's own mapping or default then applies).
     */
    public String capabilityOfTool(String tool) {
        return toolCapabilities.get(tool);
    }

    /** The policy's {@code limits}, from every file it is built from, in load order. */
    public List<Limit> limits() {
        return limits;
    }

    /**
     * Decides an event. Observe-mode rules never decide; the first that would have decided differently is
     * reported as the shadow outcome. In an observe-mode policy every rule is evaluated as if enforced and
     * the caller (the runtime) lets the action through.
     */
    public PolicyDecision decide(ActionEvent event) {
        if (event.capability() == null) {
            return PolicyDecision.NO_MATCH; // nothing names what the action is: it matches no rule
        }
        EventView view = new EventView(event);
        Rule[] candidates = index.candidates(event.capability());
        if (mode == PolicyMode.OBSERVE) {
            for (Rule r : candidates) {
                if (r.conditionsHold(view)) {
                    return r.outcome;
                }
            }
            return PolicyDecision.NO_MATCH;
        }
        Rule shadow = null;
        for (Rule r : candidates) {
            if (r.observes()) {
                if (shadow == null && r.conditionsHold(view)) {
                    shadow = r;
                }
                continue;
            }
            if (r.conditionsHold(view)) {
                return shadow == null ? r.outcome : r.outcome.withShadow(shadow.outcome);
            }
        }
        return shadow == null ? PolicyDecision.NO_MATCH : PolicyDecision.NO_MATCH.withShadow(shadow.outcome);
    }

    /** Every rule against the event, each condition with what the event had, and the decision. */
    public PolicyExplanation explain(ActionEvent event) {
        EventView view = new EventView(event);
        List<PolicyExplanation.RuleTrace> traces = new ArrayList<>(rules.length);
        for (Rule r : rules) {
            traces.add(r.trace(view));
        }
        PolicyDecision decision;
        try {
            decision = decide(event);
        } catch (RuntimeException | StackOverflowError e) {
            // fail closed, as evaluation does; the traces show which condition failed
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            decision = new PolicyDecision(Decision.DENY, null, "error while evaluating the policy: " + why, null, null, null);
        }
        return new PolicyExplanation(decision, List.copyOf(traces));
    }
}
