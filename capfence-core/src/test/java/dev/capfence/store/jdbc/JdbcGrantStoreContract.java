package dev.capfence.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcGrantStore}; subclasses give the database. */
abstract class JdbcGrantStoreContract {

    /** A new data source on the test class's database each call (as separate application instances have). */
    abstract DataSource dataSource();

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");

    private final String actor = TestDatabases.unique("actor"); // tests share a PostgreSQL database

    Grant timed(Instant at, Duration duration) {
        return new Grant(TestDatabases.unique("g"), actor, "payments.*", "prod", null, "ops", at, at.plus(duration),
                null, null);
    }

    Grant session(Instant at, String sessionId) {
        return new Grant(TestDatabases.unique("g"), actor, "shell.exec", null, sessionId, "ops", at, null, null, null);
    }

    @Test
    void saveStoresAndReadsBackEveryField() {
        JdbcGrantStore store = JdbcGrantStore.open(dataSource());
        Grant timed = timed(NOW, Duration.ofMinutes(30));
        Grant session = session(NOW.plusSeconds(1), "s-1");
        store.save(timed);
        store.save(session);
        assertThat(store.get(timed.id())).contains(timed);
        assertThat(store.get(session.id())).contains(session);
        assertThat(store.get("no-such-id")).isEmpty();
        assertThat(store.all()).containsSubsequence(timed, session);
    }

    @Test
    void activeForLeavesOutExpiredRevokedAndOtherActors() {
        JdbcGrantStore store = JdbcGrantStore.open(dataSource());
        Grant old = timed(NOW.minus(Duration.ofHours(2)), Duration.ofHours(1));
        Grant live = timed(NOW.minusSeconds(10), Duration.ofHours(1));
        Grant session = session(NOW, "s-1");
        Grant revoked = timed(NOW, Duration.ofHours(1));
        Grant other = new Grant(TestDatabases.unique("g"), TestDatabases.unique("other"), "x", null, "s", "ops", NOW,
                null, null, null);
        List.of(old, live, session, revoked, other).forEach(store::save);
        assertThat(store.revoke(revoked.id(), "ops", NOW)).isTrue();

        assertThat(store.activeFor(actor, NOW)).containsExactly(live, session);
        // The expiry is exclusive, as in Grant.activeAt.
        assertThat(store.activeFor(actor, live.expiresAt())).containsExactly(session);
    }

    @Test
    void revokeOnceAndRecordWhoAndWhen() {
        JdbcGrantStore store = JdbcGrantStore.open(dataSource());
        Grant g = timed(NOW, Duration.ofHours(1));
        store.save(g);
        Instant at = NOW.plusSeconds(60);
        assertThat(store.revoke(g.id(), "alice", at)).isTrue();
        assertThat(store.revoke(g.id(), "bob", at.plusSeconds(1))).isFalse();
        assertThat(store.revoke("no-such-id", "bob", at)).isFalse();
        assertThat(store.get(g.id())).contains(g.revoked("alice", at));
    }

    /** Two store instances, as two application instances have: of 16 concurrent revokes exactly one wins. */
    @Test
    void twoInstancesRevokeExactlyOnce() throws Exception {
        List<JdbcGrantStore> stores = List.of(JdbcGrantStore.open(dataSource()), JdbcGrantStore.open(dataSource()));
        Grant g = timed(NOW, Duration.ofHours(1));
        stores.get(0).save(g);
        assertThat(stores.get(1).activeFor(actor, NOW)).containsExactly(g);

        List<Boolean> revokes = JdbcApprovalStoreContract.race(16,
                i -> stores.get(i % 2).revoke(g.id(), "ops-" + i, NOW.plusSeconds(i)));
        assertThat(revokes).containsOnlyOnce(true);
        assertThat(stores.get(0).activeFor(actor, NOW)).isEmpty();
    }

    @Test
    void reopeningKeepsTheDataAndTheSchemaVersion() {
        JdbcGrantStore first = JdbcGrantStore.open(dataSource());
        Grant g = timed(NOW, Duration.ofHours(1));
        first.save(g);
        JdbcGrantStore second = JdbcGrantStore.open(dataSource());
        assertThat(second.get(g.id())).contains(g);
        assertThat(TestDatabases.schemaVersion(dataSource(), JdbcGrantStore.COMPONENT))
                .isEqualTo(JdbcGrantStore.SCHEMA_VERSION);
    }
}
