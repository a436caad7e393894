package dev.capfence.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.approval.ApprovalException;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.VerifyResult;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.engine.ReasonCode;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two application instances on one PostgreSQL database: two {@link ActionRuntime}s with the same policy, each with
 * its own JDBC approval, grant and limit stores and audit sink. What one instance approves the other honours, a
 * single-use approval runs once and a limit holds across both, and the shared audit chain stays one chain.
 */
class MultiInstanceRuntimeTest {

    private static final Policy POLICY = Policy.parse("""
            approval:
              timeout: 1h
            limits:
              - id: five-charges
                capability: payments.charge
                window: 1h
                max_count: 5
            require_approval:
              - id: refunds
                capability: payments.refund
            allow:
              - id: charges
                capability: payments.charge
            """, "multi-instance.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedPostgres pg;
    private EmbeddedPostgres disposable;

    /** Tests share the database: each has its own actor and audit chain. */
    private final String agent = TestDatabases.unique("agent");
    private final String chain = TestDatabases.unique("chain");

    @BeforeAll
    static void start() {
        pg = TestDatabases.startPostgres();
    }

    @AfterAll
    static void stop() {
        TestDatabases.stop(pg);
    }

    @AfterEach
    void stopDisposable() {
        TestDatabases.stop(disposable);
    }

    /** One application instance: its own data sources and stores, as a separate JVM would have. */
    private ActionRuntime instance(DataSource stores, DataSource audit) {
        return ActionRuntime.builder().policy(POLICY)
                .approvalStore(JdbcApprovalStore.open(stores))
                .grantStore(JdbcGrantStore.open(stores))
                .limitStore(JdbcLimitStore.open(stores))
                .auditSink(JdbcAuditSink.builder(audit).chainName(chain).open())
                .build();
    }

    private ActionRuntime instance() {
        return instance(pg.getPostgresDatabase(), pg.getPostgresDatabase());
    }

    private ActionEvent refund() {
        return ActionEvent.create(agent, "payments", "refund", null, Map.of("amount", 250, "order", "o-1"));
    }

    private ActionEvent charge() {
        return ActionEvent.create(agent, "payments", "charge", null, Map.of("amount", 10));
    }

    @Test
    void approvedOnOneInstanceRunsExactlyOnceAcrossBoth() throws Exception {
        List<ActionRuntime> rt = List.of(instance(), instance());

        String id = rt.get(0).execute(refund()).approvalId();
        assertThat(id).isNotNull();
        assertThat(rt.get(1).execute(refund()).reasonCode()).as("B sees A's request").isEqualTo(ReasonCode.APPROVAL_PENDING);
        assertThatThrownBy(() -> rt.get(1).approvals().approve(id, agent, null))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("cannot decide it");
        assertThat(rt.get(1).approvals().approve(id, "alice", "ok").status()).isEqualTo(ApprovalStatus.APPROVED);

        AtomicInteger runs = new AtomicInteger();
        List<Execution<String>> results = JdbcApprovalStoreContract.race(16,
                i -> rt.get(i % 2).execute(refund(), e -> "refunded #" + runs.incrementAndGet()));

        assertThat(runs).hasValue(1);
        assertThat(results).filteredOn(r -> ReasonCode.APPROVAL_GRANTED.equals(r.verdict().reasonCode()))
                .singleElement().satisfies(r -> {
                    assertThat(r.verdict().approvalId()).isEqualTo(id);
                    assertThat(r.verdict().toolInvoked()).isTrue();
                });
        // The others wait for a new approval: consumed means used up, never run again.
        assertThat(results).filteredOn(r -> !r.verdict().authorized()).hasSize(15)
                .allSatisfy(r -> assertThat(r.verdict().decision()).isEqualTo(Decision.REQUIRE_APPROVAL))
                .allSatisfy(r -> assertThat(r.verdict().toolInvoked()).isFalse());
        assertThat(rt.get(0).approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.CONSUMED);

        List<String> types = assertChainIntact();
        assertThat(types).contains("decision", "outcome", "approval");
        assertThat(types).filteredOn("outcome"::equals).hasSize(1);
    }

    @Test
    void aLimitHoldsAcrossBothInstances() throws Exception {
        List<ActionRuntime> rt = List.of(instance(), instance());

        AtomicInteger runs = new AtomicInteger();
        List<Execution<Integer>> results = JdbcApprovalStoreContract.race(16,
                i -> rt.get(i % 2).execute(charge(), e -> runs.incrementAndGet()));

        assertThat(runs).hasValue(5);
        assertThat(results).filteredOn(r -> r.verdict().authorized()).hasSize(5);
        assertThat(results).filteredOn(r -> !r.verdict().authorized()).hasSize(11)
                .allSatisfy(r -> assertThat(r.verdict().reasonCode()).isEqualTo(ReasonCode.LIMIT_EXCEEDED));

        List<String> types = assertChainIntact();
        assertThat(types).filteredOn("decision"::equals).hasSize(16);
        assertThat(types).filteredOn("outcome"::equals).hasSize(5);
    }

    @Test
    void anUnreachableStoreDeniesAndNothingRuns() {
        disposable = TestDatabases.startPostgres();
        // The stores live on a server that goes away; the audit chain stays on the main one, so the denial is recorded.
        ActionRuntime rt = instance(disposable.getPostgresDatabase(), pg.getPostgresDatabase());
        TestDatabases.stop(disposable);
        disposable = null;

        AtomicInteger runs = new AtomicInteger();
        for (ActionEvent event : List.of(refund(), charge())) {
            Execution<Integer> run = rt.execute(event, e -> runs.incrementAndGet());
            assertThat(run.verdict().decision()).as(event.capability()).isEqualTo(Decision.DENY);
            assertThat(run.verdict().reasonCode()).as(event.capability()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
            assertThat(run.verdict().toolInvoked()).isFalse();
        }
        assertThat(runs).hasValue(0);
        assertThat(assertChainIntact()).containsExactly("decision", "decision");
    }

    /** Verifies this test's chain as stored, checks its seqs run 1..n without a gap, and returns the record types. */
    private List<String> assertChainIntact() {
        JdbcAuditSink reader = JdbcAuditSink.builder(pg.getPostgresDatabase()).chainName(chain).open();
        List<String> lines = reader.lines();
        VerifyResult result = reader.verify(AuditVerifier.create());
        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.records()).isEqualTo(lines.size());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode record = JSON.readTree(lines.get(i));
            assertThat(record.get("seq").asLong()).isEqualTo(i + 1L);
            types.add(record.get("type").asString());
        }
        return types;
    }
}
