package dev.capfence.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalStore;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Policy limits turn an allow into deny or require_approval once a sliding window is full. */
class LimitEnforcementTest {

    private final MutableClock clock = new MutableClock();

    private ActionRuntime runtime(String limitYaml) {
        return ActionRuntime.builder().clock(clock).policy(Policy.parse("limits:\n" + limitYaml + """
                allow:
                  - id: payments
                    capability: payments
                """, "p.yaml")).build();
    }

    private static ActionEvent refund(String actor, Object amount) {
        return refund(actor, amount, null);
    }

    private static ActionEvent refund(String actor, Object amount, String tenant) {
        return ActionEvent.builder().actor(actor).capability("payments.refund").payload(Map.of("amount", amount))
                .context(tenant == null ? Map.of() : Map.of("tenant", tenant)).build();
    }

    @Test
    void countPerActor() {
        ActionRuntime rt = runtime("""
                  - id: three
                    capability: payments.refund
                    window: 1h
                    max_count: 3
                """);
        for (int i = 0; i < 3; i++) {
            assertThat(rt.execute(refund("a", 1)).reasonCode()).isEqualTo(ReasonCode.POLICY_ALLOW);
        }
        Verdict over = rt.execute(refund("a", 1));
        assertThat(over.decision()).isEqualTo(Decision.DENY);
        assertThat(over.reasonCode()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        assertThat(over.reason()).contains("three").contains("3 of 3");
        assertThat(rt.execute(refund("b", 1)).authorized()).as("another actor has its own count").isTrue();
        assertThat(rt.evaluate(refund("a", 1)).authorized()).as("a dry run does not count or check").isTrue();
    }

    @Test
    void slidingWindow() {
        ActionRuntime rt = runtime("""
                  - id: two
                    window: 10m
                    max_count: 2
                """);
        rt.execute(refund("a", 1));
        clock.advance(Duration.ofMinutes(6));
        rt.execute(refund("a", 1));
        assertThat(rt.execute(refund("a", 1)).authorized()).isFalse();
        clock.advance(Duration.ofMinutes(4)); // the first call slides out, the second is still in
        assertThat(rt.execute(refund("a", 1)).authorized()).isTrue();
        assertThat(rt.execute(refund("a", 1)).authorized()).isFalse();
    }

    @Test
    void sumOverAmountField() {
        ActionRuntime rt = runtime("""
                  - id: budget
                    window: 24h
                    max_sum: 100
                    amount_field: payload.total
                """);
        ActionEvent seventy = ActionEvent.builder().actor("a").capability("payments.refund")
                .payload(Map.of("total", 70)).build();
        assertThat(rt.execute(seventy).authorized()).isTrue();
        Verdict over = rt.execute(seventy);
        assertThat(over.reasonCode()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        assertThat(over.reason()).contains("sum 70 + 70 over 100");
        ActionEvent thirty = ActionEvent.builder().actor("a").capability("payments.refund")
                .payload(Map.of("total", "30")).build();
        assertThat(rt.execute(thirty).authorized()).as("exactly at the cap").isTrue();
        ActionEvent none = ActionEvent.builder().actor("b").capability("payments.refund").payload(Map.of()).build();
        assertThat(rt.execute(none).reasonCode()).as("an unreadable amount fails closed")
                .isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        ActionEvent negative = ActionEvent.builder().actor("b").capability("payments.refund")
                .payload(Map.of("total", -5)).build();
        assertThat(rt.execute(negative).authorized()).isFalse();
    }

    @Test
    void perTenantAndGlobal() {
        ActionRuntime rt = runtime("""
                  - id: tenant
                    per: tenant
                    window: 1h
                    max_count: 2
                  - id: everyone
                    per: global
                    window: 1h
                    max_count: 3
                """);
        assertThat(rt.execute(refund("a", 1, "acme")).authorized()).isTrue();
        assertThat(rt.execute(refund("b", 1, "acme")).authorized()).isTrue();
        Verdict tenantFull = rt.execute(refund("c", 1, "acme"));
        assertThat(tenantFull.reason()).contains("limit tenant");
        assertThat(rt.execute(refund("a", 1, "globex")).authorized()).isTrue();
        Verdict globalFull = rt.execute(refund("d", 1, "initech"));
        assertThat(globalFull.reasonCode()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        assertThat(globalFull.reason()).contains("limit everyone");
    }

    @Test
    void refusedByALaterLimitGivesEarlierSlotsBack() {
        ActionRuntime rt = runtime("""
                  - id: wide
                    window: 1h
                    max_count: 2
                  - id: narrow
                    window: 1h
                    max_sum: 10
                """);
        assertThat(rt.execute(refund("a", 50)).authorized()).isFalse(); // narrow refuses; wide's slot is released
        assertThat(rt.execute(refund("a", 5)).authorized()).isTrue();
        assertThat(rt.execute(refund("a", 5)).authorized()).isTrue();
    }

    @Test
    void concurrentCallsNeverExceedTheCount() throws Exception {
        ActionRuntime rt = runtime("""
                  - id: five
                    window: 1h
                    max_count: 5
                """);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger ran = new AtomicInteger();
        try {
            List<Future<Execution<String>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return rt.execute(refund("a", 1), e -> {
                        ran.incrementAndGet();
                        return "ok";
                    });
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Execution<String>> f : futures) {
                if (f.get().verdict().authorized()) {
                    allowed++;
                }
            }
            assertThat(allowed).isEqualTo(5);
            assertThat(ran.get()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onExceedRequireApprovalAsksForApproval() {
        ActionRuntime rt = runtime("""
                  - id: one
                    window: 1h
                    max_count: 1
                    on_exceed: require_approval
                """);
        assertThat(rt.execute(refund("a", 1)).authorized()).isTrue();
        Verdict over = rt.execute(refund("a", 2));
        assertThat(over.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(over.reasonCode()).isEqualTo(ReasonCode.LIMIT_EXCEEDED);
        assertThat(over.reason()).contains("limit one exceeded");
        assertThat(over.approvalId()).isNotNull();
        assertThat(rt.execute(refund("a", 2)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_PENDING);
        rt.approvals().approve(over.approvalId(), "boss", null);
        assertThat(rt.execute(refund("a", 2)).reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
        assertThat(rt.execute(refund("a", 2)).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void slotIsReleasedWhenTheExecutorNeverRanAndKeptByExecuteWithoutExecutor() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        ActionRuntime rt = ActionRuntime.builder().clock(clock).auditSink(sink).policy(Policy.parse("""
                limits:
                  - id: one
                    window: 1h
                    max_count: 1
                allow:
                  - capability: payments
                """, "p.yaml")).build();
        sink.close(); // the decision cannot be recorded: denied, the executor never runs
        Execution<String> e = rt.execute(refund("a", 1), ev -> "ran");
        assertThat(e.verdict().reasonCode()).isEqualTo(ReasonCode.AUDIT_UNAVAILABLE);
        ActionRuntime noAudit = ActionRuntime.builder().clock(clock).policy(rt.policy()).limitStore(new InMemoryLimitStore()).build();
        assertThat(noAudit.execute(refund("a", 1)).authorized()).isTrue(); // execute(event) keeps the slot
        assertThat(noAudit.execute(refund("a", 1)).authorized()).isFalse();
    }

    @Test
    void releaseAfterAuditFailureFreesTheSlot() {
        InMemoryLimitStore store = new InMemoryLimitStore();
        Policy p = Policy.parse("""
                limits:
                  - id: one
                    window: 1h
                    max_count: 1
                allow:
                  - capability: payments
                """, "p.yaml");
        InMemoryAuditSink closed = InMemoryAuditSink.create();
        closed.close();
        ActionRuntime failing = ActionRuntime.builder().clock(clock).limitStore(store).auditSink(closed).policy(p).build();
        assertThat(failing.execute(refund("a", 1), ev -> "ran").verdict().authorized()).isFalse();
        ActionRuntime working = ActionRuntime.builder().clock(clock).limitStore(store).policy(p).build();
        assertThat(working.execute(refund("a", 1), ev -> "ran").verdict().authorized()).as("slot was given back").isTrue();
        assertThat(working.execute(refund("a", 1), ev -> "ran").verdict().authorized()).isFalse();
    }

    @Test
    void storeFailureDeniesWithoutRunningAndIsAudited() {
        LimitStore broken = new LimitStore() {
            @Override
            public ReserveResult tryReserve(String key, Duration window, Instant now, BigDecimal amount, Long maxCount,
                                            BigDecimal maxSum) {
                throw new IllegalStateException("database down");
            }

            @Override
            public void release(ReserveResult.Reservation reservation) {
            }
        };
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        ActionRuntime rt = ActionRuntime.builder().clock(clock).limitStore(broken).auditSink(sink)
                .policy(Policy.parse("""
                        limits:
                          - id: one
                            window: 1h
                            max_count: 1
                        allow:
                          - capability: payments
                        """, "p.yaml")).build();
        AtomicInteger ran = new AtomicInteger();
        Execution<String> e = rt.execute(refund("a", 1), ev -> {
            ran.incrementAndGet();
            return "ran";
        });
        assertThat(e.verdict().decision()).isEqualTo(Decision.DENY);
        assertThat(e.verdict().reasonCode()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
        assertThat(e.verdict().reason()).contains("database down");
        assertThat(ran.get()).isZero();
        assertThat(e.verdict().receipt()).isNotNull();
        assertThat(sink.lines()).singleElement().asString().contains("store_unavailable");
        assertThat(AuditVerifier.create().verifyLines(sink.lines()).intact()).isTrue();
    }

    @Test
    void approvalStoreFailureDeniesToo() {
        ApprovalStore broken = brokenApprovals();
        ActionRuntime rt = ActionRuntime.builder().clock(clock).approvalStore(broken).policy(Policy.parse("""
                require_approval:
                  - capability: payments
                """, "p.yaml")).build();
        Verdict v = rt.execute(refund("a", 1));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
    }

    private static ApprovalStore brokenApprovals() {
        return (ApprovalStore) java.lang.reflect.Proxy.newProxyInstance(ApprovalStore.class.getClassLoader(),
                new Class<?>[] {ApprovalStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("approval store down");
                });
    }
}
