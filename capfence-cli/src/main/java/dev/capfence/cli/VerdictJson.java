package dev.capfence.cli;

import dev.capfence.engine.Verdict;
import java.io.Writer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes verdicts as compact JSON lines straight to a writer: the same text as {@link Verdict#toMap()} through a
 * {@link JsonMapper} (same keys, order and escaping), without building a map and a string for every verdict.
 */
final class VerdictJson implements AutoCloseable {

    // Output's defaults, so strings are escaped alike; no separator between root values: each verdict ends its line.
    private static final JsonMapper JSON = JsonMapper.builder(
            JsonFactory.builder().rootValueSeparator((String) null).build()).build();
    private static final String NEWLINE = System.lineSeparator(); // what PrintWriter.println ends a line with

    private final JsonGenerator json;

    VerdictJson(Writer out) {
        this.json = JSON.createGenerator(out);
    }

    /** One verdict and its line end; keys in {@link Verdict#toMap()} order. */
    void write(Verdict v) {
        JsonGenerator g = json;
        g.writeStartObject();
        g.writeStringProperty("id", v.eventId());
        g.writeStringProperty("decision", v.decision().wireName());
        g.writeBooleanProperty("authorized", v.authorized());
        g.writeStringProperty("reason_code", v.reasonCode().wireName());
        g.writeStringProperty("reason", v.reason());
        g.writeStringProperty("rule_id", v.ruleId());
        g.writeStringProperty("capability", v.capability());
        g.writeStringProperty("policy_sha256", v.policySha256());
        g.writeBooleanProperty("tool_invoked", v.toolInvoked());
        g.writeStringProperty("approval_id", v.approvalId());
        g.writeNumberProperty("evaluation_nanos", v.evaluationNanos());
        g.writeStringProperty("mode", v.mode().wireName());
        if (v.shadowDecision() != null) {
            g.writeStringProperty("shadow_decision", v.shadowDecision().wireName());
            g.writeStringProperty("shadow_rule_id", v.shadowRuleId());
        }
        if (v.receipt() != null) {
            g.writeName("receipt");
            g.writePOJO(v.receipt().toMap()); // one per audited decision, whose record costs far more
        }
        g.writeEndObject();
        g.writeRaw(NEWLINE);
    }

    /** Hands what is buffered to the writer (and flushes it). */
    void flush() {
        json.flush();
    }

    @Override
    public void close() {
        json.close();
    }
}
