package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code start}: the decision is recorded at once, the outcome when the caller says the work is over. */
class StartedActionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Policy POLICY = Policy.parse("""
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm "
                reason: no deletes
            allow:
              - capability: shell.exec
            """, "shell.yaml");

    private final InMemoryAuditSink sink = InMemoryAuditSink.create();
    private final ActionRuntime runtime = ActionRuntime.builder().policy(POLICY).auditSink(sink).build();

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> line(int i) {
        return JSON.readValue(sink.lines().get(i), Map.class);
    }

    @Test
    void anAuthorizedActionIsRecordedAtOnceAndItsOutcomeOnceWhenFinished() {
        StartedAction started = runtime.start(shell("ls"));

        assertThat(started.authorized()).isTrue();
        assertThat(started.verdict().toolInvoked()).isTrue();
        assertThat(sink.lines()).hasSize(1);

        assertThat(started.finish(null).seq()).isEqualTo(2);
        assertThat(started.finish(new IllegalStateException("late"))).isNull();
        assertThat(sink.lines()).hasSize(2);
        assertThat(line(1)).containsEntry("type", "outcome").containsEntry("outcome", "success")
                .containsEntry("decision_seq", 1);
        assertThat(AuditVerifier.create().verifyLines(sink.lines()).intact()).isTrue();
    }

    @Test
    void aFailureIsRecordedWithItsClass() {
        StartedAction started = runtime.start(shell("ls"));
        started.finish(new IllegalStateException("disk full"));

        assertThat(line(1).toString()).contains("failure", "java.lang.IllegalStateException", "disk full");
    }

    @Test
    void aRefusedActionNeverStartsAndFinishingItRecordsNothing() {
        StartedAction refused = runtime.start(shell("rm notes"));

        assertThat(refused.authorized()).isFalse();
        assertThat(refused.verdict().decision()).isEqualTo(Decision.DENY);
        assertThat(refused.finish(null)).isNull();
        assertThat(sink.lines()).hasSize(1);
    }
}
