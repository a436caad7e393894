package dev.capfence.cli;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Explanation;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.InvalidEventException;
import dev.capfence.event.PayloadTooLargeException;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyDecision;
import dev.capfence.policy.PolicyExplanation;
import dev.capfence.policy.PolicyExplanation.ConditionTrace;
import dev.capfence.policy.PolicyExplanation.RuleTrace;
import dev.capfence.policy.PolicyMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capfence explain} (upstream: {@code capfence policy explain}): the verdict for one event and, rule by
 * rule in precedence order, which conditions held. Text marks conditions with {@code +} (held) and {@code -}
 * (did not): ASCII, so it reads the same in any terminal or CI log.
 */
@Command(name = "explain",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the event was evaluated (even if denied)",
                "2:usage error, unreadable or invalid policy, unreadable event file (nothing on stdout)"
        },
        description = {
                "Shows how a policy decides one event: every rule in precedence order, each condition with "
                        + "what it requires and what the event had ('+' held, '-' did not), and the deciding rule."
        })
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (YAML).")
    Path policy;

    @Option(names = "--event", required = true, paramLabel = "FILE.json", description = "The event: a JSON document ('-' for stdin).")
    String event;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json: {verdict, rules: [{rule_id, decision, mode, source, matched, conditions}]}.")
    Format format;

    @Override
    public Integer call() {
        Policy compiled = Inputs.policy(policy);
        byte[] doc = Inputs.bytes(event, CapFenceCommand.stdin(spec), "event file");
        Explanation explanation = explain(ActionRuntime.fromPolicy(compiled), compiled, doc);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Output.json(json(explanation)));
        } else {
            text(out, explanation);
        }
        out.flush();
        return CapFenceCommand.OK;
    }

    /** An event that cannot be read gets the same denial as in {@code check}, with no rules evaluated. */
    private static Explanation explain(ActionRuntime runtime, Policy policy, byte[] doc) {
        ActionEvent event;
        try {
            event = Inputs.event(doc);
        } catch (InvalidEventException e) {
            return withoutRules(e instanceof PayloadTooLargeException
                    ? Verdict.payloadTooLarge(e.eventId(), null, e.getMessage(), policy.sha256())
                    : Verdict.invalidEvent(e.eventId(), null, e.getMessage(), policy.sha256()));
        }
        try {
            return runtime.explain(event);
        } catch (RuntimeException e) {
            // The trace failed where evaluation fails closed: show that denial (policy_error) without rules.
            return withoutRules(runtime.evaluate(event));
        }
    }

    private static Explanation withoutRules(Verdict v) {
        return new Explanation(v, new PolicyExplanation(
                new PolicyDecision(v.decision(), null, v.reason(), null, null, null), List.of()));
    }

    static Map<String, Object> json(Explanation e) {
        List<Object> rules = new ArrayList<>();
        for (RuleTrace r : e.policy().rules()) {
            List<Object> conditions = new ArrayList<>();
            for (ConditionTrace c : r.conditions()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("condition", c.condition());
                cm.put("observed", c.observed());
                cm.put("held", c.held());
                conditions.add(cm);
            }
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("rule_id", r.ruleId());
            rm.put("decision", r.decision().wireName());
            rm.put("mode", r.mode().wireName());
            rm.put("source", r.source());
            rm.put("matched", r.matched());
            rm.put("conditions", conditions);
            rules.add(rm);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", e.verdict().toMap());
        m.put("rules", rules);
        return m;
    }

    static void text(PrintWriter out, Explanation e) {
        Verdict v = e.verdict();
        out.println("Decision: " + v.decision().wireName() + " (" + v.reasonCode() + ")");
        out.println("Reason: " + v.reason());
        out.println("Capability: " + (v.capability() == null ? "(none)" : v.capability()));
        out.println();
        List<RuleTrace> rules = e.policy().rules();
        if (ReasonCode.INVALID_EVENT.equals(v.reasonCode())) {
            out.println("The event is invalid: " + v.reason());
            out.println("No rule was evaluated; an invalid event is denied.");
            return;
        }
        if (rules.isEmpty() && ReasonCode.POLICY_ERROR.equals(v.reasonCode())) {
            out.println("Evaluation failed, so the action is denied: " + v.reason());
            return;
        }
        out.println("Rules, in precedence order (deny, require_approval, allow):");
        for (RuleTrace r : rules) {
            out.println((r.matched() ? "[match] " : "[no match] ") + r.decision().wireName() + " " + r.ruleId()
                    + (r.mode() == PolicyMode.OBSERVE ? " (observe only)" : "") + " at " + r.source());
            for (ConditionTrace c : r.conditions()) {
                out.println("    " + (c.held() ? "+ " : "- ") + c.condition() + "; event had: " + c.observed());
            }
        }
        out.println();
        PolicyDecision d = e.policy().decision();
        if (ReasonCode.POLICY_ERROR.equals(v.reasonCode())) {
            out.println("Evaluation failed, so the action is denied: " + v.reason());
        } else if (d.matched()) {
            out.println("Decided by rule " + d.ruleId() + " (" + d.decision().wireName() + ")"
                    + (d.reason() == null ? "" : ": " + d.reason()));
        } else {
            out.println("No rule matched: denied by default (" + d.reason() + ")");
        }
        if (d.hasShadow()) {
            out.println("Observe-only rule " + d.shadowRuleId() + " would have decided " + d.shadowDecision().wireName());
        }
        if (v.mode() == PolicyMode.OBSERVE) {
            out.println("The policy is in observe mode: the action is let through ("
                    + v.decision().wireName() + "); enforced, it would be " + d.decision().wireName());
        }
    }
}
