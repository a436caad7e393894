package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code onDecision} observes every recorded verdict, never dry runs, and cannot change a decision. */
class DecisionListenerTest {

    private static final Policy POLICY = Policy.parse("""
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
            allow:
              - id: shell
                capability: shell.exec
            """, "listener.yaml");

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    @Test
    void listenersSeeExecutedVerdictsInOrderButNotDryRuns() {
        List<String> seen = new ArrayList<>();
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY)
                .onDecision(v -> seen.add("a:" + v.decision() + ":" + v.reasonCode()))
                .onDecision(v -> seen.add("b:" + v.capability()))
                .build();

        runtime.evaluate(shell("ls"));
        runtime.explain(shell("ls"));
        assertThat(seen).isEmpty();

        runtime.execute(shell("ls"));
        runtime.execute(shell("rm -rf /"), e -> "never");
        runtime.executeUnreadable("e-1", "not json");

        assertThat(seen).containsExactly(
                "a:allow:" + ReasonCode.POLICY_ALLOW, "b:shell.exec",
                "a:deny:" + ReasonCode.POLICY_DENY, "b:shell.exec",
                "a:deny:" + ReasonCode.INVALID_EVENT, "b:null");
    }

    @Test
    void theListenerRunsBeforeTheExecutor() {
        List<String> order = new ArrayList<>();
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY).onDecision(v -> order.add("listener")).build();

        runtime.execute(shell("ls"), e -> order.add("executor"));

        assertThat(order).containsExactly("listener", "executor");
    }

    @Test
    void aFailingListenerDoesNotChangeTheDecision() {
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY)
                .onDecision(v -> { throw new IllegalStateException("metrics down"); }).build();

        Execution<String> run = runtime.execute(shell("ls"), e -> "ran");

        assertThat(run.verdict().decision()).isEqualTo(Decision.ALLOW);
        assertThat(run.result()).isEqualTo("ran");
    }

    @Test
    void anObserverBracketsEachExecutedDecisionAndCannotChangeIt() {
        List<String> seen = new ArrayList<>();
        DecisionObserver observer = event -> {
            seen.add("start:" + event.capability());
            return (verdict, failure) -> seen.add("stop:" + verdict.decision() + ":" + (failure == null));
        };
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY).observeDecisions(observer).build();

        runtime.evaluate(shell("ls"));
        assertThat(seen).isEmpty();

        assertThat(runtime.execute(shell("rm -rf /"), e -> "ran").verdict().decision()).isEqualTo(Decision.DENY);
        assertThat(seen).containsExactly("start:shell.exec", "stop:deny:true");

        ActionRuntime broken = ActionRuntime.builder().policy(POLICY).observeDecisions(event -> {
            throw new IllegalStateException("tracer down");
        }).build();
        assertThat(broken.execute(shell("ls")).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void anObserverSeesTheFailureThatEndsADecision() {
        List<Throwable> failures = new ArrayList<>();
        dev.capfence.audit.AuditSink failing = new dev.capfence.audit.AuditSink() {
            @Override
            public dev.capfence.audit.AuditReceipt append(dev.capfence.audit.AuditRecord record) {
                throw new dev.capfence.audit.AuditException("disk full", null);
            }

            @Override
            public void close() {
            }
        };
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY).auditSink(failing)
                .onAuditFailure(AuditFailureMode.THROW)
                .observeDecisions(event -> (verdict, failure) -> failures.add(failure)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.execute(shell("ls")))
                .isInstanceOf(dev.capfence.audit.AuditException.class);
        assertThat(failures).singleElement().isInstanceOf(dev.capfence.audit.AuditException.class);
    }

    @Test
    void everyObserverIsToldInOrderAndOneThatFailsKeepsNoOtherFromBeingTold() {
        List<String> seen = new ArrayList<>();
        DecisionObserver tracing = event -> (verdict, failure) -> seen.add("trace:" + verdict.decision());
        DecisionObserver broken = new DecisionObserver() {
            @Override
            public Scope start(ActionEvent event) {
                throw new IllegalStateException("tracer down");
            }

            @Override
            public void decided(Verdict verdict) {
                throw new IllegalStateException("metrics down");
            }
        };
        DecisionObserver metrics = new DecisionObserver() {
            @Override
            public Scope start(ActionEvent event) {
                return (verdict, failure) -> seen.add("timer:" + verdict.decision());
            }

            @Override
            public void decided(Verdict verdict) {
                seen.add("count:" + verdict.decision());
            }
        };
        ActionRuntime runtime = ActionRuntime.builder().policy(POLICY).observeDecisions(tracing)
                .observeDecisions(broken).observeDecisions(metrics).onDecision(v -> seen.add("listener")).build();

        assertThat(runtime.execute(shell("ls")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(seen).containsExactly("trace:allow", "timer:allow", "count:allow", "listener");
    }
}
