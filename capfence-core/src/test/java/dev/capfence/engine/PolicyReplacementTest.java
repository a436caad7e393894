package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalSettings;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PolicyReplacementTest {

    private static final Policy ALLOWS = Policy.parse("""
            allow:
              - capability: refund.create
            """, "allows.yaml");
    private static final Policy DENIES = Policy.parse("""
            deny:
              - capability: refund.create
                reason: refunds are frozen
            limits:
              - id: few
                capability: refund.*
                per: actor
                window: 1h
                max_count: 1
            """, "denies.yaml");
    private static final Policy OBSERVES = Policy.parse("""
            mode: observe
            deny:
              - capability: refund.create
            """, "observes.yaml");

    private static ActionEvent refund() {
        return ActionEvent.builder().actor("agent").tool("refund_tool").capability("refund.create")
                .payload(Map.of("amount", 5)).build();
    }

    @Test
    void aReplacedPolicyDecidesTheNextCall() {
        ActionRuntime runtime = ActionRuntime.fromPolicy(ALLOWS);
        assertThat(runtime.execute(refund()).decision()).isEqualTo(Decision.ALLOW);

        runtime.replacePolicy(DENIES);

        Verdict after = runtime.execute(refund());
        assertThat(after.decision()).isEqualTo(Decision.DENY);
        assertThat(after.reason()).isEqualTo("refunds are frozen");
        assertThat(after.policySha256()).isEqualTo(DENIES.sha256());
        assertThat(runtime.policy()).isSameAs(DENIES);
    }

    @Test
    void everyCallIsDecidedByExactlyOneOfThePoliciesWhileTheyAreSwapped() throws Exception {
        ActionRuntime runtime = ActionRuntime.builder().policy(ALLOWS).build();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicBoolean swapping = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(callers);
        ConcurrentLinkedQueue<Verdict> verdicts = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                started.countDown();
                while (swapping.get()) {
                    verdicts.add(runtime.evaluate(refund()));
                }
            }));
        }
        started.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 2_000; i++) {
            runtime.replacePolicy(i % 2 == 0 ? DENIES : ALLOWS);
        }
        swapping.set(false);
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(verdicts).isNotEmpty();
        for (Verdict v : verdicts) {
            // The decision always belongs to the policy the verdict names: no call saw half of each, or none.
            if (v.policySha256().equals(ALLOWS.sha256())) {
                assertThat(v.decision()).isEqualTo(Decision.ALLOW);
            } else {
                assertThat(v.policySha256()).isEqualTo(DENIES.sha256());
                assertThat(v.decision()).isEqualTo(Decision.DENY);
                assertThat(v.reasonCode()).isEqualTo(ReasonCode.POLICY_DENY);
            }
        }
    }

    @Test
    void theModeOverrideWinsOverThePolicysMode() {
        ActionRuntime observing = ActionRuntime.builder().policy(DENIES).mode(PolicyMode.OBSERVE).build();
        Verdict shadow = observing.execute(refund());
        assertThat(shadow.decision()).isEqualTo(Decision.ALLOW);
        assertThat(shadow.reasonCode()).isEqualTo(ReasonCode.OBSERVE_MODE);
        assertThat(shadow.shadowDecision()).isEqualTo(Decision.DENY);

        ActionRuntime enforcing = ActionRuntime.builder().policy(OBSERVES).mode(PolicyMode.ENFORCE).build();
        assertThat(enforcing.mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(enforcing.execute(refund()).decision()).isEqualTo(Decision.DENY);

        ActionRuntime policyOwn = ActionRuntime.fromPolicy(OBSERVES);
        assertThat(policyOwn.mode()).isEqualTo(PolicyMode.OBSERVE);
        assertThat(policyOwn.execute(refund()).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theOverrideOutlivesAReplacement() {
        ActionRuntime runtime = ActionRuntime.builder().policy(ALLOWS).mode(PolicyMode.OBSERVE).build();
        runtime.replacePolicy(DENIES);
        Verdict v = runtime.execute(refund());
        assertThat(v.mode()).isEqualTo(PolicyMode.OBSERVE);
        assertThat(v.shadowDecision()).isEqualTo(Decision.DENY);
    }

    @Test
    void approvalDefaultsFillWhatThePolicyLeavesUnset() {
        Policy ownTimeout = Policy.parse("""
                approval:
                  timeout: 5m
                require_approval:
                  - capability: refund.create
                """, "own.yaml");
        ApprovalSettings defaults = new ApprovalSettings(Duration.ofHours(2), List.of("alice"), false, 3);

        ActionRuntime runtime = ActionRuntime.builder().policy(ownTimeout).approvalDefaults(defaults).build();
        assertThat(runtime.approvals().settings().timeout()).hasMinutes(5);
        assertThat(runtime.approvals().settings().approvers()).containsExactly("alice");
        assertThat(runtime.approvals().settings().maxPending()).isEqualTo(3);
        assertThat(runtime.approvals().settings().singleUse()).isFalse();

        runtime.replacePolicy(ALLOWS);
        assertThat(runtime.approvals().settings().timeout()).hasHours(2);
    }
}
