package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code execute} records every decision before anything runs, and never runs what it could not record. */
class AuditedRuntimeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Policy SHELL = Policy.parse("""
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
                reason: never delete recursively
            require_approval:
              - id: sudo
                capability: shell.exec
                match_regex: "^sudo "
            allow:
              - id: shell
                capability: shell.exec
            """, "shell.yaml");

    private static final Policy OBSERVE = Policy.parse("""
            mode: observe
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
            """, "observe.yaml");

    @TempDir
    Path dir;

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) {
        return JSON.readValue(line, Map.class);
    }

    private static ActionRuntime audited(Policy policy, AuditSink sink) {
        return ActionRuntime.builder().policy(policy).auditSink(sink).build();
    }

    @Test
    void aRefusalFoundBeforeThePolicyIsDeniedWithItsCodeAndRecordedWithTheEvent() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        ActionRuntime rt = audited(Policy.parse("allow:\n  - capability: \"*\"\n", "all.yaml"), sink);
        Verdict refused = rt.refuse(shell("ls"), ReasonCode.TOOL_DEFINITION_CHANGED, "the tool changed since pinned");
        assertThat(refused.decision()).isEqualTo(Decision.DENY);
        assertThat(refused.reasonCode()).isEqualTo(ReasonCode.TOOL_DEFINITION_CHANGED);
        assertThat(refused.receipt()).isNotNull();
        Map<String, Object> line = json(sink.lines().get(0));
        assertThat(line).containsEntry("reason_code", "tool_definition_changed")
                .containsEntry("reason", "the tool changed since pinned");
        assertThat(line.toString()).contains("ops", "shell.exec");
    }

    @Test
    void theDecisionIsRecordedBeforeTheExecutorRunsAndTheOutcomeAfter() throws Exception {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        ActionEvent event = shell("ls");
        List<String> seenByExecutor = new ArrayList<>();

        Execution<String> run = audited(SHELL, sink).execute(event, e -> {
            seenByExecutor.addAll(sink.lines());
            return "listed";
        });

        assertThat(seenByExecutor).hasSize(1);
        assertThat(json(seenByExecutor.get(0))).containsEntry("type", "decision").containsEntry("decision", "allow")
                .containsEntry("tool_invoked", false);
        List<String> lines = sink.lines();
        assertThat(lines).hasSize(2);
        Map<String, Object> outcome = json(lines.get(1));
        assertThat(outcome).containsEntry("type", "outcome").containsEntry("event_id", event.id())
                .containsEntry("decision_seq", 1).containsEntry("tool_invoked", true)
                .containsEntry("outcome", "success").containsEntry("error", null);
        assertThat(run.getOrThrow()).isEqualTo("listed");
        assertThat(run.verdict().receipt().seq()).isEqualTo(1);
        assertThat(run.verdict().toolInvoked()).isTrue();
        assertThat(run.outcomeReceipt().seq()).isEqualTo(2);
        assertThat(run.outcomeReceipt().hash()).isEqualTo(outcome.get("hash"));
        assertThat(AuditVerifier.create().verifyLines(lines).intact()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingExecutorIsRecordedAsAFailure() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();

        Execution<String> run = audited(SHELL, sink).execute(shell("ls"), e -> {
            throw new IllegalStateException("disk full");
        });

        assertThat(run.failure()).hasMessage("disk full");
        Map<String, Object> outcome = json(sink.lines().get(1));
        assertThat(outcome).containsEntry("outcome", "failure").containsEntry("tool_invoked", true);
        assertThat((Map<String, Object>) outcome.get("error"))
                .containsEntry("class", "java.lang.IllegalStateException").containsEntry("message", "disk full");
    }

    @Test
    void aDeniedActionIsRecordedAndNeverRuns() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        AtomicInteger calls = new AtomicInteger();

        Execution<Integer> run = audited(SHELL, sink).execute(shell("rm -rf /"), e -> calls.incrementAndGet());

        assertThat(calls).hasValue(0);
        assertThat(run.verdict().decision()).isEqualTo(Decision.DENY);
        assertThat(run.outcomeReceipt()).isNull();
        assertThat(sink.lines()).hasSize(1);
        assertThat(json(sink.lines().get(0))).containsEntry("decision", "deny").containsEntry("rule_id", "no-rm");
    }

    @Test
    void evaluateRecordsNothing() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();

        Verdict v = audited(SHELL, sink).evaluate(shell("ls"));

        assertThat(v.receipt()).isNull();
        assertThat(v.toMap()).doesNotContainKey("receipt");
        assertThat(sink.lines()).isEmpty();
    }

    /**
     * Regression (other chains hashed a record before its decision, policy hash or approver were final): every
     * record carries exactly the verdict returned, and its hash — recomputed by the verifier — covers that.
     */
    @Test
    void everyRecordCarriesTheFinalVerdictAndItsHashCoversIt() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        ActionRuntime enforce = audited(SHELL, sink);
        ActionRuntime observe = audited(OBSERVE, sink);
        List<Verdict> verdicts = List.of(
                enforce.execute(shell("ls")),
                enforce.execute(shell("rm -rf /")),
                enforce.execute(shell("sudo reboot")),
                enforce.execute(ActionEvent.builder().actor("ops").capability("db.drop").build()),
                enforce.execute(ActionEvent.builder().capability("shell.exec").build()),
                enforce.executeUnreadable("line-7", "event is not valid JSON"),
                observe.execute(shell("rm -rf /")));

        // approval transitions (the sudo request) are records of their own; this test is about decisions
        List<String> lines = sink.lines().stream().filter(l -> l.contains("\"type\":\"decision\"")).toList();
        assertThat(lines).hasSize(verdicts.size());
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            Map<String, Object> r = json(lines.get(i));
            assertThat(r).as(v.reasonCode().wireName())
                    .containsEntry("decision", v.decision().wireName())
                    .containsEntry("reason_code", v.reasonCode().wireName())
                    .containsEntry("reason", v.reason())
                    .containsEntry("rule_id", v.ruleId())
                    .containsEntry("policy_sha256", v.policySha256())
                    .containsEntry("mode", v.mode().wireName())
                    .containsEntry("approval_id", v.approvalId())
                    .containsEntry("hash", v.receipt().hash())
                    .containsEntry("seq", (int) v.receipt().seq());
            assertThat(v.policySha256()).isNotNull();
        }
        assertThat(verdicts).extracting(v -> v.reasonCode().wireName()).containsExactly("policy_allow", "policy_deny",
                "policy_require_approval", "no_matching_rule", "invalid_event", "invalid_event", "observe_mode");
        assertThat(json(lines.get(6))).containsEntry("shadow_decision", "deny").containsEntry("shadow_rule_id", "no-rm");
        assertThat(json(lines.get(5)).get("event")).isEqualTo(Map.of("id", "line-7"));
        assertThat(AuditVerifier.create().verifyLines(sink.lines()).intact()).isTrue();
    }

    @Test
    void theVerdictJsonCarriesTheReceipt() {
        AuditSigner signer = AuditSigner.of(AuditKeys.generate());
        Verdict unsigned = audited(SHELL, InMemoryAuditSink.create()).execute(shell("ls"));
        Verdict signed = audited(SHELL, InMemoryAuditSink.builder().signer(signer).build()).execute(shell("ls"));

        assertThat(unsigned.toMap().get("receipt")).isEqualTo(Map.of("seq", 1L, "hash", unsigned.receipt().hash()));
        assertThat(signed.toMap().get("receipt")).isEqualTo(Map.of("seq", 1L, "hash", signed.receipt().hash(),
                "sig", signed.receipt().sig(), "key_id", signer.keyId()));
    }

    // ---------------------------------------------------------------- fail closed

    /** A sink whose disk is gone. */
    private static final class BrokenSink implements AuditSink {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public AuditReceipt append(AuditRecord record) {
            attempts.incrementAndGet();
            throw new AuditException("no space left on device");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void whenTheDecisionCannotBeRecordedTheActionIsDeniedAndNeverRuns() {
        BrokenSink sink = new BrokenSink();
        AtomicInteger calls = new AtomicInteger();

        Execution<Integer> run = audited(SHELL, sink).execute(shell("ls"), e -> calls.incrementAndGet());

        assertThat(calls).hasValue(0);
        assertThat(sink.attempts).hasValue(1);
        Verdict v = run.verdict();
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.authorized()).isFalse();
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.AUDIT_UNAVAILABLE);
        assertThat(v.reasonCode().wireName()).isEqualTo("audit_unavailable");
        assertThat(v.reason()).contains("no space left on device");
        assertThat(v.receipt()).isNull();
        assertThat(v.toolInvoked()).isFalse();
    }

    @Test
    void evenObserveModeDoesNotRunAnUnrecordedAction() {
        AtomicInteger calls = new AtomicInteger();

        Execution<Integer> run = audited(OBSERVE, new BrokenSink()).execute(shell("ls"), e -> calls.incrementAndGet());

        assertThat(calls).hasValue(0);
        assertThat(run.verdict().reasonCode().wireName()).isEqualTo("audit_unavailable");
    }

    @Test
    void theThrowModeThrowsTheSinksErrorAndNeverRuns() {
        AtomicInteger calls = new AtomicInteger();
        ActionRuntime rt = ActionRuntime.builder().policy(SHELL).auditSink(new BrokenSink())
                .onAuditFailure(AuditFailureMode.THROW).build();

        assertThatThrownBy(() -> rt.execute(shell("ls"), e -> calls.incrementAndGet()))
                .isInstanceOf(AuditException.class).hasMessageContaining("no space left");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aSinkThatGivesNoReceiptHasNotProvenAnything() {
        AtomicInteger calls = new AtomicInteger();
        AuditSink silent = new AuditSink() {
            @Override
            public AuditReceipt append(AuditRecord record) {
                return null;
            }

            @Override
            public void close() {
            }
        };

        Execution<Integer> run = audited(SHELL, silent).execute(shell("ls"), e -> calls.incrementAndGet());

        assertThat(calls).hasValue(0);
        assertThat(run.verdict().reasonCode().wireName()).isEqualTo("audit_unavailable");
    }

    @Test
    void aClosedFileSinkDeniesAndTheExecutorNeverRuns() {
        JsonlAuditSink sink = JsonlAuditSink.builder(dir.resolve("audit.jsonl")).open();
        ActionRuntime rt = audited(SHELL, sink);
        AtomicInteger calls = new AtomicInteger();
        assertThat(rt.execute(shell("ls"), e -> calls.incrementAndGet()).succeeded()).isTrue();
        sink.close();

        Execution<Integer> run = rt.execute(shell("ls"), e -> calls.incrementAndGet());

        assertThat(calls).hasValue(1);
        assertThat(run.verdict().reasonCode().wireName()).isEqualTo("audit_unavailable");
        assertThat(run.verdict().reason()).contains("closed");
    }

    @Test
    void withoutASinkExecuteRecordsNothingAndBehavesAsBefore() {
        Verdict v = ActionRuntime.fromPolicy(SHELL).execute(shell("ls"));

        assertThat(v.receipt()).isNull();
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
    }
}
