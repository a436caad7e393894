package dev.capfence.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit says of each tool call: its decision, then, for a call that ran, its outcome. */
class OutcomeRecordsTest {

    interface Assistant {
        String chat(String message);
    }

    /** Tools with every ending: one works, one throws, one is never allowed. */
    public static class Tools {
        final AtomicInteger runs = new AtomicInteger();

        @Tool(name = "echo", value = "Echoes")
        public String echo(String text) {
            runs.incrementAndGet();
            return "echo " + text;
        }

        @Tool(name = "fail", value = "Fails")
        public String fail(String text) {
            runs.incrementAndGet();
            throw new UnsupportedOperationException("cannot " + text);
        }

        @Tool(name = "wipe", value = "Wipes")
        public String wipe(String text) {
            runs.incrementAndGet();
            return "wiped " + text;
        }
    }

    @TempDir
    Path dir;

    @Test
    void eachCallThatRanHasItsDecisionThenItsOutcome() throws IOException {
        Path auditFile = dir.resolve("audit.jsonl");
        JsonlAuditSink sink = JsonlAuditSink.builder(auditFile).open();
        ActionRuntime runtime = ActionRuntime.builder().auditSink(sink).policy(Policy.parse("""
                version: 1
                name: outcomes
                allow:
                  - id: tools
                    capability: [tool.echo, tool.fail]
                """, "outcomes.yaml")).build();
        Tools tools = new Tools();
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(GatedTools.builder(runtime).defaultActor("ops").build().tools(tools)).build();

        model.willCall("echo", "{\"text\":\"hi\"}");
        assistant.chat("echo");
        model.willCall("fail", "{\"text\":\"fly\"}");
        assistant.chat("fail");
        model.willCall("wipe", "{\"text\":\"all\"}");
        assistant.chat("wipe");
        sink.close();

        assertThat(tools.runs).as("echo and fail ran, wipe did not").hasValue(2);
        assertThat(model.toolResultTexts()).containsExactly("echo hi", "cannot fly",
                "CapFence denied wipe: no rule allows this action");
        assertThat(AuditVerifier.create().verify(auditFile).intact()).isTrue();

        List<AuditEntry> entries = AuditLogReader.read(auditFile).entries();
        assertThat(entries).extracting(AuditEntry::type, AuditEntry::tool)
                .containsExactly(
                        tuple("decision", "echo"),
                        tuple("outcome", "echo"),
                        tuple("decision", "fail"),
                        tuple("outcome", "fail"),
                        tuple("decision", "wipe"));
        assertOutcomeOf(entries.get(0), entries.get(1));
        assertOutcomeOf(entries.get(2), entries.get(3));
        assertThat(entries.get(1).fields()).containsEntry("outcome", "success").containsEntry("error", null);
        assertThat(entries.get(3).fields()).containsEntry("outcome", "failure")
                .containsEntry("error", Map.of("class", UnsupportedOperationException.class.getName(),
                        "message", "cannot fly"));
        assertThat(entries.get(4).fields()).containsEntry("reason_code", "no_matching_rule");
    }

    /** The outcome names the decision it follows: the same event, the decision's sequence number. */
    private static void assertOutcomeOf(AuditEntry decision, AuditEntry outcome) {
        assertThat(decision.decision()).isEqualTo(Decision.ALLOW);
        assertThat(outcome.eventId()).isEqualTo(decision.eventId());
        assertThat(((Number) outcome.fields().get("decision_seq")).longValue()).isEqualTo(decision.seq());
        assertThat(outcome.fields()).containsEntry("tool_invoked", true);
    }
}
