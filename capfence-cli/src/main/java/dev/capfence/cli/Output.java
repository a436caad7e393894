package dev.capfence.cli;

import dev.capfence.engine.Verdict;
import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/** How verdicts are written: compact JSON (one line, keys in {@link Verdict#toMap()} order) or text. */
final class Output {

    // Built when first used, not when picocli makes the commands: a mapper takes a good part of a second to start.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Output() {
    }

    static JsonMapper mapper() {
        return JSON;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** The text form: one "Key: value" line each, the decision first. */
    static void text(PrintWriter out, Verdict v) {
        out.println("Decision: " + v.decision().wireName());
        out.println("Reason: " + v.reason());
        out.println("Reason code: " + v.reasonCode());
        out.println("Rule: " + (v.ruleId() == null ? "(none)" : v.ruleId()));
        out.println("Capability: " + (v.capability() == null ? "(none)" : v.capability()));
        out.println("Tool invoked: " + v.toolInvoked());
        if (v.shadowDecision() != null) {
            out.println("Shadow decision: " + v.shadowDecision().wireName() + " (rule " + v.shadowRuleId() + ")");
        }
    }
}
