package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import dev.capfence.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Observers hear every approval transition; the sweep expires what nobody touched, with its audit record. */
class ApprovalSweepAndObserverTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryAuditSink audit = InMemoryAuditSink.create();
    private final List<String> heard = new ArrayList<>();

    private ActionRuntime runtime(ApprovalObserver... observers) {
        ActionRuntime.Builder b = ActionRuntime.builder().policy(Policy.parse("""
                approval:
                  timeout: 10m
                require_approval:
                  - id: refunds
                    capability: payments.refund
                """, "p.yaml")).auditSink(audit).clock(clock);
        for (ApprovalObserver o : observers) {
            b.observeApprovals(o);
        }
        return b.build();
    }

    private static ActionEvent refund(int amount) {
        return ActionEvent.builder().actor("agent").capability("payments.refund").payload(Map.of("amount", amount))
                .build();
    }

    @Test
    void observerHearsEachTransitionWithTheNewStatus() {
        ActionRuntime rt = runtime(a -> heard.add(a.status().wireName() + ":" + a.decidedBy()));
        String first = rt.execute(refund(5)).approvalId();
        rt.approvals().approve(first, "alice", "fine");
        rt.execute(refund(5));
        String second = rt.execute(refund(6)).approvalId();
        rt.approvals().reject(second, "bob", "no");
        rt.execute(refund(7));
        clock.advance(Duration.ofMinutes(10));
        rt.approvals().expireDue();

        assertThat(heard).containsExactly("pending:null", "approved:alice", "consumed:alice", "pending:null",
                "rejected:bob", "pending:null", "expired:null");
    }

    @Test
    void sweepExpiresOnlyDuePendingApprovalsAndRecordsEachOnce() {
        ActionRuntime rt = runtime();
        String old = rt.execute(refund(5)).approvalId();
        clock.advance(Duration.ofMinutes(6));
        String fresh = rt.execute(refund(6)).approvalId();
        clock.advance(Duration.ofMinutes(4));

        List<Approval> expired = rt.approvals().expireDue();

        assertThat(expired).extracting(Approval::id).containsExactly(old);
        assertThat(expired.get(0).status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(rt.approvals().get(old).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(rt.approvals().get(fresh).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(rt.approvals().expireDue()).as("a second sweep finds nothing").isEmpty();
        // already expired by the sweep: the next identical call is a new request, not approval_expired
        assertThat(rt.execute(refund(5)).reasonCode()).isEqualTo(ReasonCode.POLICY_REQUIRE_APPROVAL);

        List<String> lines = audit.lines();
        assertThat(AuditVerifier.create().verifyLines(lines).intact()).isTrue();
        assertThat(lines.stream().filter(l -> l.contains("\"transition\":\"expired\"") && l.contains(old)))
                .hasSize(1);
    }

    @Test
    void aFailingObserverNeitherBlocksNorUndoesATransition() {
        ActionRuntime rt = runtime(a -> {
            throw new IllegalStateException("webhook down");
        }, a -> heard.add(a.status().wireName()));
        String id = rt.execute(refund(5)).approvalId();

        Approval approved = rt.approvals().approve(id, "alice", null);

        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(rt.execute(refund(5)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
        assertThat(heard).containsExactly("pending", "approved", "consumed");
    }
}
