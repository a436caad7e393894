package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalStatus;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcAuditSink;
import dev.capfence.store.jdbc.JdbcGrantStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capfence approvals} against an H2 file database that an application runtime (with the core JDBC stores)
 * uses at the same time: what the CLI decides, the runtime honours.
 */
class ApprovalsCommandTest {

    private static final String POLICY = """
            approval:
              approvers: ["ops-*", alice]
            require_approval:
              - id: refunds
                capability: payments.refund
            """;

    @TempDir
    Path dir;

    private String url;
    private Path policy;
    private ActionRuntime runtime;

    @BeforeEach
    void application() {
        url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        policy = Fixtures.write(dir, "policy.yaml", POLICY);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        runtime = ActionRuntime.builder().policy(policy)
                .approvalStore(JdbcApprovalStore.open(ds))
                .grantStore(JdbcGrantStore.open(ds))
                .auditSink(JdbcAuditSink.builder(ds).chainName("app").open())
                .build();
    }

    private static ActionEvent refund() {
        return ActionEvent.create("agent", "payments", "refund", "prod", Map.of("amount", 250));
    }

    /** The CLI with the store options appended. */
    private Cli.Run approvals(String... args) {
        List<String> all = new ArrayList<>(List.of("approvals"));
        all.addAll(List.of(args));
        all.addAll(List.of("--jdbc-url", url, "--user", "sa"));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void listShowsAPendingApprovalCreatedByTheRuntime() {
        String id = runtime.execute(refund()).approvalId();

        Cli.Run list = approvals("list");

        assertThat(list.exit()).isZero();
        assertThat(list.lines()).hasSize(2);
        assertThat(list.lines().get(0)).startsWith("ID").contains("STATUS", "DECIDED_BY");
        assertThat(list.lines().get(1)).startsWith(id).contains("pending", "agent", "payments.refund", "prod");

        Cli.Run json = approvals("list", "--status", "pending", "--json");
        assertThat(json.lines()).singleElement().asString()
                .contains("\"id\":\"" + id + "\"", "\"status\":\"pending\"", "\"actor\":\"agent\"", "\"decided_by\":null");
        assertThat(approvals("list", "--status", "approved").out()).isEmpty();
    }

    @Test
    void jsonListsTheRequestingEventWithItsPayloadRedactedAsTheAuditStoresIt() {
        String id = runtime.execute(ActionEvent.create("agent", "payments", "refund", "prod",
                Map.of("amount", 300, "card_number", "4111 1111 1111 1111"))).approvalId();

        Cli.Run json = approvals("list", "--json");

        assertThat(json.exit()).isZero();
        assertThat(json.lines()).singleElement().asString()
                .startsWith("{\"id\":\"" + id + "\",\"status\":\"pending\"")
                .contains("\"decided_at\":null", "\"digest\":", "\"event\":{", "\"amount\":300",
                        "\"card_number\":\"[REDACTED]\"")
                .doesNotContain("4111");
    }

    @Test
    void aPendingApprovalPastItsExpiryIsListedAsExpired() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        // Requested two hours ago under the default one-hour timeout.
        ActionRuntime earlier = ActionRuntime.builder().policy(policy).approvalStore(JdbcApprovalStore.open(ds))
                .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC)).build();
        String overdue = earlier.execute(refund()).approvalId();
        String fresh = runtime.execute(ActionEvent.create("agent", "payments", "refund", "prod",
                Map.of("amount", 99))).approvalId();

        assertThat(approvals("list", "--status", "expired").out()).contains(overdue).doesNotContain(fresh);
        assertThat(approvals("list", "--status", "pending").out()).contains(fresh).doesNotContain(overdue);
        assertThat(approvals("list").lines()).filteredOn(l -> l.startsWith(overdue)).singleElement()
                .asString().contains("expired");
    }

    @Test
    void approvedByAnotherActorTheNextIdenticalExecuteRuns() {
        String id = runtime.execute(refund()).approvalId();

        Cli.Run approve = approvals("approve", id, "--as", "alice", "--note", "checked", "--policy", policy.toString(),
                "--audit-chain", "app");

        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).isEqualTo(id + " approved by alice\n");
        assertThat(runtime.approvals().get(id).orElseThrow().note()).isEqualTo("checked");
        assertThat(runtime.execute(refund()).reasonCode()).isEqualTo(ReasonCode.APPROVAL_GRANTED);
        assertThat(approvals("list", "--status", "consumed").out()).contains(id).contains("alice");
    }

    @Test
    void theRequesterAndNonApproversAreRefused() {
        String id = runtime.execute(refund()).approvalId();

        Cli.Run self = approvals("approve", id, "--as", "agent", "--policy", policy.toString());
        assertThat(self.exit()).isEqualTo(1);
        assertThat(self.out()).isEmpty();
        assertThat(self.err()).contains("agent requested approval " + id + " and cannot decide it");

        Cli.Run stranger = approvals("reject", id, "--as", "mallory", "--policy", policy.toString());
        assertThat(stranger.exit()).isEqualTo(1);
        assertThat(stranger.err()).contains("mallory is not an approver");

        assertThat(runtime.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(approvals("approve", "no-such-id", "--as", "alice", "--policy", policy.toString()).exit()).isEqualTo(1);
    }

    @Test
    void rejectedTheActionIsDenied() {
        String id = runtime.execute(refund()).approvalId();

        Cli.Run reject = approvals("reject", id, "--as", "ops-bob", "--note", "no", "--policy", policy.toString());

        assertThat(reject.exit()).isZero();
        assertThat(reject.out()).isEqualTo(id + " rejected by ops-bob\n");
        assertThat(runtime.execute(refund()).reasonCode()).isEqualTo(ReasonCode.APPROVAL_REJECTED);
        assertThat(approvals("approve", id, "--as", "alice", "--policy", policy.toString()).err()).contains("not pending");
    }

    @Test
    void grantThenRevoke() {
        Cli.Run grant = approvals("grant", "--actor", "agent", "--capability", "payments", "--environment", "prod",
                "--for", "1h", "--as", "ops-bob");

        assertThat(grant.exit()).as(grant.err()).isZero();
        String grantId = grant.out().strip();
        assertThat(runtime.approvals().grants()).singleElement()
                .satisfies(g -> assertThat(g.id()).isEqualTo(grantId));
        assertThat(runtime.execute(refund()).reasonCode()).isEqualTo(ReasonCode.GRANT_APPLIED);

        Cli.Run revoke = approvals("revoke", grantId, "--as", "ops-bob");
        assertThat(revoke.exit()).isZero();
        assertThat(revoke.out()).isEqualTo(grantId + " revoked by ops-bob\n");
        assertThat(runtime.execute(refund()).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);

        Cli.Run again = approvals("revoke", grantId, "--as", "ops-bob");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("unknown or already revoked");
    }

    @Test
    void sessionGrantsAndSelfGrants() {
        Cli.Run session = approvals("grant", "--actor", "agent", "--capability", "payments", "--session", "s-1",
                "--as", "ops-bob");
        assertThat(session.exit()).isZero();
        assertThat(runtime.approvals().grants()).singleElement()
                .satisfies(g -> assertThat(g.sessionId()).isEqualTo("s-1"));

        Cli.Run self = approvals("grant", "--actor", "agent", "--capability", "payments", "--for", "1h", "--as", "agent");
        assertThat(self.exit()).isEqualTo(1);
        assertThat(self.err()).contains("cannot grant itself");
    }

    @Test
    void usageAndConnectionErrorsExit2() {
        for (String[] args : List.of(
                new String[] {"approvals"},
                new String[] {"approvals", "list"},
                new String[] {"approvals", "grant", "--actor", "a", "--capability", "c", "--as", "o", "--jdbc-url", url},
                new String[] {"approvals", "grant", "--actor", "a", "--capability", "c", "--for", "1h", "--session", "s",
                        "--as", "o", "--jdbc-url", url},
                new String[] {"approvals", "grant", "--actor", "a", "--capability", "c", "--for", "soon", "--as", "o",
                        "--jdbc-url", url},
                new String[] {"approvals", "approve", "x", "--as", "alice", "--jdbc-url", url},
                new String[] {"approvals", "list", "--jdbc-url", "jdbc:nosuchdb:x"})) {
            Cli.Run run = Cli.run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err()).as(String.join(" ", args)).isNotBlank().doesNotContain("\tat ");
        }
        assertThat(Cli.run("approvals", "list", "--jdbc-url", "jdbc:nosuchdb:x").err()).contains("cannot use the store");
    }
}
