package dev.capfence.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.approval.ApprovalStore.CreateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcApprovalStore}; subclasses give the database. */
abstract class JdbcApprovalStoreContract {

    /** A new data source on the test class's database each call (as separate application instances have). */
    abstract DataSource dataSource();

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

    private final String actor = TestDatabases.unique("actor"); // tests share a PostgreSQL database

    Approval pending(String id, String digest, Instant requestedAt) {
        return new Approval(id, digest, actor, "payments.refund", "prod", ApprovalStatus.PENDING, requestedAt,
                requestedAt.plus(Duration.ofMinutes(30)), null, null, null, "{\"id\":\"" + id + "\"}");
    }

    static String digest() {
        return (java.util.UUID.randomUUID().toString() + java.util.UUID.randomUUID()).replace("-", ""); // 64 hex
    }

    @Test
    void createStoresAndReadsBackEveryField() {
        JdbcApprovalStore store = JdbcApprovalStore.open(dataSource());
        Approval a = pending(TestDatabases.unique("a"), digest(), NOW);
        assertThat(store.create(a, 0, NOW)).isEqualTo(new CreateResult.Created(a));
        assertThat(store.get(a.id())).contains(a);
        assertThat(store.latestForDigest(a.digest())).contains(a);
        assertThat(store.withStatus(ApprovalStatus.PENDING)).contains(a);
        assertThat(store.get("no-such-id")).isEmpty();
    }

    @Test
    void theSameDigestWhilePendingReturnsTheExistingApproval() {
        JdbcApprovalStore store = JdbcApprovalStore.open(dataSource());
        String digest = digest();
        Approval first = pending(TestDatabases.unique("a"), digest, NOW);
        store.create(first, 0, NOW);
        CreateResult again = store.create(pending(TestDatabases.unique("a"), digest, NOW.plusSeconds(1)), 0, NOW.plusSeconds(1));
        assertThat(again).isEqualTo(new CreateResult.Existing(first));
        // Once expired it no longer counts: a new one is created.
        Instant later = first.expiresAt();
        Approval second = pending(TestDatabases.unique("a"), digest, later);
        assertThat(store.create(second, 0, later)).isEqualTo(new CreateResult.Created(second));
        assertThat(store.latestForDigest(digest)).contains(second);
    }

    @Test
    void anActorsPendingApprovalsAreCapped() {
        JdbcApprovalStore store = JdbcApprovalStore.open(dataSource());
        store.create(pending(TestDatabases.unique("a"), digest(), NOW), 2, NOW);
        store.create(pending(TestDatabases.unique("a"), digest(), NOW), 2, NOW);
        assertThat(store.create(pending(TestDatabases.unique("a"), digest(), NOW), 2, NOW))
                .isEqualTo(new CreateResult.LimitReached(2));
    }

    @Test
    void compareAndSetChecksTheStoredStatus() {
        JdbcApprovalStore store = JdbcApprovalStore.open(dataSource());
        Approval a = pending(TestDatabases.unique("a"), digest(), NOW);
        store.create(a, 0, NOW);
        Approval approved = a.decided(ApprovalStatus.APPROVED, "alice", NOW.plusSeconds(5), "ok");
        assertThat(store.compareAndSet(ApprovalStatus.APPROVED, approved)).isFalse();
        assertThat(store.compareAndSet(ApprovalStatus.PENDING, approved)).isTrue();
        assertThat(store.get(a.id())).contains(approved);
        assertThat(store.compareAndSet(ApprovalStatus.PENDING, approved.withStatus(ApprovalStatus.REJECTED))).isFalse();
        assertThat(store.compareAndSet(ApprovalStatus.PENDING, pending("unknown", "x", NOW))).isFalse();
    }

    /**
     * Two store instances, as two application instances have: 16 identical requests make one approval, 16
     * approvers approve it once, 16 callers consume it once.
     */
    @Test
    void twoInstancesCreateApproveAndConsumeExactlyOnce() throws Exception {
        List<JdbcApprovalStore> stores = List.of(JdbcApprovalStore.open(dataSource()), JdbcApprovalStore.open(dataSource()));
        String digest = digest();

        List<CreateResult> created = race(16, i -> stores.get(i % 2).create(pending("a-" + digest + "-" + i, digest, NOW), 0, NOW));
        assertThat(created).filteredOn(r -> r instanceof CreateResult.Created).hasSize(1);
        Set<String> ids = created.stream().map(r -> r instanceof CreateResult.Created c ? c.approval().id()
                : ((CreateResult.Existing) r).approval().id()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        Approval approval = stores.get(1).get(ids.iterator().next()).orElseThrow();

        List<Boolean> approvals = race(16, i -> stores.get(i % 2).compareAndSet(ApprovalStatus.PENDING,
                approval.decided(ApprovalStatus.APPROVED, "approver-" + i, NOW.plusSeconds(1), null)));
        assertThat(approvals).containsOnlyOnce(true);

        Approval approved = stores.get(0).get(approval.id()).orElseThrow();
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        List<Boolean> consumptions = race(16, i -> stores.get(i % 2).compareAndSet(ApprovalStatus.APPROVED,
                approved.withStatus(ApprovalStatus.CONSUMED)));
        assertThat(consumptions).containsOnlyOnce(true);
        assertThat(stores.get(1).get(approval.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.CONSUMED);
    }

    interface Call<T> {
        T call(int i) throws Exception;
    }

    /** Runs {@code n} calls at once and returns their results. */
    static <T> List<T> race(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    go.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(1, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
