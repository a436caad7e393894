package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.ActionDigest;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** require_approval creates an approval bound to the action; approved, it lets that action through once. */
class ApprovalLifecycleTest {

    private static final String RULES = """
            require_approval:
              - id: refunds
                capability: payments.refund
            """;

    private final MutableClock clock = new MutableClock();
    private final InMemoryAuditSink audit = InMemoryAuditSink.create();

    private ActionRuntime runtime(String approvalYaml) {
        return ActionRuntime.builder().policy(Policy.parse(approvalYaml + RULES, "p.yaml"))
                .auditSink(audit).clock(clock).build();
    }

    private static ActionEvent refund(String actor, int amount) {
        return ActionEvent.builder().actor(actor).capability("payments.refund").payload(Map.of("amount", amount)).build();
    }

    @Test
    void requestPendingApproveConsumeOnceThenPendingAgain() {
        ActionRuntime rt = runtime("approval:\n  timeout: 30m\n");
        Verdict first = rt.execute(refund("agent", 5));
        assertThat(first.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(first.reasonCode()).isEqualTo(ReasonCode.POLICY_REQUIRE_APPROVAL);
        assertThat(first.approvalId()).isNotNull();

        Verdict again = rt.execute(refund("agent", 5)); // new event id and timestamp, same action
        assertThat(again.reasonCode()).isEqualTo(ReasonCode.APPROVAL_PENDING);
        assertThat(again.approvalId()).isEqualTo(first.approvalId());
        assertThat(rt.execute(refund("agent", 6)).approvalId()).as("another amount is another action")
                .isNotEqualTo(first.approvalId());
        assertThat(rt.approvals().pending()).hasSize(2);

        Approval a = rt.approvals().approve(first.approvalId(), "alice", "ok");
        assertThat(a.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(a.decidedBy()).isEqualTo("alice");
        assertThat(a.expiresAt()).isEqualTo(a.requestedAt().plus(Duration.ofMinutes(30)));

        Verdict granted = rt.execute(refund("agent", 5));
        assertThat(granted.decision()).isEqualTo(Decision.ALLOW);
        assertThat(granted.authorized()).isTrue();
        assertThat(granted.reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
        assertThat(granted.approvalId()).isEqualTo(first.approvalId());
        assertThat(rt.approvals().get(first.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.CONSUMED);

        Verdict after = rt.execute(refund("agent", 5));
        assertThat(after.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(after.approvalId()).isNotEqualTo(first.approvalId());
    }

    @Test
    void evaluateIsADryRunThatCreatesNothing() {
        ActionRuntime rt = runtime("");
        assertThat(rt.evaluate(refund("agent", 5)).approvalId()).isNull();
        assertThat(rt.approvals().pending()).isEmpty();
    }

    @Test
    void selfApprovalIsRefused() {
        ActionRuntime rt = runtime("");
        String id = rt.execute(refund("agent", 5)).approvalId();
        assertThatThrownBy(() -> rt.approvals().approve(id, "agent", null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("other than the requesting actor");
        assertThat(rt.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void onlyListedApproversDecide() {
        ActionRuntime rt = runtime("approval:\n  approvers: [\"ops-*\", root]\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        assertThatThrownBy(() -> rt.approvals().approve(id, "mallory", null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("not an approver");
        assertThat(rt.approvals().approve(id, "ops-bob", null).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThatThrownBy(() -> rt.approvals().approve(id, "root", null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("not pending");
    }

    @Test
    void unknownApprovalIsAClearError() {
        assertThatThrownBy(() -> runtime("").approvals().approve("nope", "alice", null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("no approval with id nope");
    }

    @Test
    void rejectedDeniesUntilExpiryThenCanBeRequestedAgain() {
        ActionRuntime rt = runtime("approval:\n  timeout: 1h\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        rt.approvals().reject(id, "alice", "not this one");
        Verdict v = rt.execute(refund("agent", 5));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.APPROVAL_REJECTED);
        assertThat(v.reason()).contains("alice").contains("not this one");
        assertThat(v.approvalId()).isEqualTo(id);
        clock.advance(Duration.ofHours(1));
        Verdict later = rt.execute(refund("agent", 5));
        assertThat(later.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(later.approvalId()).isNotEqualTo(id);
    }

    @Test
    void pendingApprovalExpires() {
        ActionRuntime rt = runtime("approval_timeout_seconds: 600\n"); // upstream form, normalized to 600s
        String id = rt.execute(refund("agent", 5)).approvalId();
        clock.advance(Duration.ofMinutes(10));
        assertThat(rt.approvals().pending()).isEmpty();
        Verdict v = rt.execute(refund("agent", 5));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.APPROVAL_EXPIRED);
        assertThat(v.approvalId()).isEqualTo(id);
        assertThat(rt.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(rt.execute(refund("agent", 5)).reasonCode()).isEqualTo(ReasonCode.POLICY_REQUIRE_APPROVAL);
    }

    @Test
    void approvedButUnusedApprovalExpires() {
        ActionRuntime rt = runtime("approval:\n  timeout: PT15M\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        rt.approvals().approve(id, "alice", null);
        clock.advance(Duration.ofMinutes(15));
        assertThat(rt.execute(refund("agent", 5)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_EXPIRED);
    }

    @Test
    void anExpiredApprovalCannotBeApproved() {
        ActionRuntime rt = runtime("approval:\n  timeout: 2m\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        clock.advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> rt.approvals().approve(id, "alice", null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("expired");
    }

    @Test
    void reusableApprovalAllowsUntilExpiry() {
        ActionRuntime rt = runtime("approval:\n  timeout: 1h\n  single_use: false\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        rt.approvals().approve(id, "alice", null);
        for (int i = 0; i < 3; i++) {
            assertThat(rt.execute(refund("agent", 5)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
        }
        clock.advance(Duration.ofHours(1));
        assertThat(rt.execute(refund("agent", 5)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_EXPIRED);
    }

    @Test
    void maxPendingCapsRequestsPerActor() {
        ActionRuntime rt = runtime("approval:\n  max_pending: 2\n");
        rt.execute(refund("agent", 1));
        String second = rt.execute(refund("agent", 2)).approvalId();
        Verdict third = rt.execute(refund("agent", 3));
        assertThat(third.decision()).isEqualTo(Decision.DENY);
        assertThat(third.reasonCode()).isEqualTo(ReasonCode.APPROVAL_LIMIT);
        assertThat(rt.execute(refund("agent", 2)).reasonCode()).as("the same pending action still answers")
                .isEqualTo(ReasonCode.APPROVAL_PENDING);
        assertThat(rt.execute(refund("other", 3)).reasonCode()).as("per actor")
                .isEqualTo(ReasonCode.POLICY_REQUIRE_APPROVAL);
        rt.approvals().reject(second, "alice", null);
        assertThat(rt.execute(refund("agent", 3)).reasonCode()).isEqualTo(ReasonCode.POLICY_REQUIRE_APPROVAL);
    }

    @Test
    void concurrentIdenticalCallsConsumeAnApprovalExactlyOnce() throws Exception {
        ActionRuntime rt = runtime("");
        String id = rt.execute(refund("agent", 5)).approvalId();
        rt.approvals().approve(id, "alice", null);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Verdict>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return rt.execute(refund("agent", 5));
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Verdict> f : futures) {
                Verdict v = f.get();
                if (v.authorized()) {
                    granted++;
                    assertThat(v.reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
                } else {
                    assertThat(v.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
                }
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rt.approvals().pending()).hasSize(1); // the losers share one new request
    }

    @Test
    void concurrentFirstRequestsShareOneApproval() throws Exception {
        ActionRuntime rt = runtime("");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return rt.execute(refund("agent", 5)).approvalId();
                }));
            }
            start.countDown();
            String first = ids.get(0).get();
            for (Future<String> f : ids) {
                assertThat(f.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyTransitionIsAnAuditRecordAndTheChainVerifies() {
        ActionRuntime rt = runtime("approval:\n  timeout: 10m\n");
        String id = rt.execute(refund("agent", 5)).approvalId();
        rt.approvals().approve(id, "alice", "fine");
        rt.execute(refund("agent", 5));
        String rejected = rt.execute(refund("agent", 6)).approvalId();
        rt.approvals().reject(rejected, "alice", "no");
        rt.execute(refund("agent", 7));
        clock.advance(Duration.ofMinutes(10));
        rt.execute(refund("agent", 7));

        List<String> lines = audit.lines();
        assertThat(AuditVerifier.create().verifyLines(lines).intact()).isTrue();
        List<String> transitions = lines.stream().filter(l -> l.contains("\"type\":\"approval\""))
                .map(l -> l.replaceAll(".*\"transition\":\"([a-z]+)\".*", "$1")).toList();
        assertThat(transitions).containsExactly("requested", "approved", "consumed", "requested", "rejected",
                "requested", "expired");
        assertThat(lines.stream().filter(l -> l.contains("\"reason_code\":\"approval_granted\"")
                && l.contains("\"approval_id\":\"" + id + "\""))).hasSize(1);
    }

    @Test
    void digestIgnoresIdAndTimestampButNothingElse() {
        ActionEvent a = refund("agent", 5);
        ActionEvent b = refund("agent", 5).toBuilder().id("other").timestamp(a.timestamp().plusSeconds(9)).build();
        assertThat(ActionDigest.of(a)).isEqualTo(ActionDigest.of(b)).hasSize(64);
        assertThat(ActionDigest.of(a)).isNotEqualTo(ActionDigest.of(refund("agent2", 5)));
        assertThat(ActionDigest.of(a)).isNotEqualTo(ActionDigest.of(a.toBuilder().context(Map.of("k", "v")).build()));
    }
}
