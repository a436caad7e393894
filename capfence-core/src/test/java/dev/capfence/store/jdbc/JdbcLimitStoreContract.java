package dev.capfence.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.limit.ReserveResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcLimitStore}; subclasses give the database. */
abstract class JdbcLimitStoreContract {

    /** A new data source on the test class's database each call (as separate application instances have). */
    abstract DataSource dataSource();

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456Z");
    static final Duration HOUR = Duration.ofHours(1);

    private final String key = TestDatabases.unique("limit"); // tests share a PostgreSQL database

    /** A caller whose clock read came earlier but who got the lock later still sees the later-stamped slot. */
    @Test
    void aSlotStampedAfterNowStillCounts() {
        JdbcLimitStore store = JdbcLimitStore.open(dataSource());
        store.tryReserve(key, HOUR, NOW.plusMillis(5), BigDecimal.ZERO, 1L, null);
        assertThat(store.tryReserve(key, HOUR, NOW, BigDecimal.ZERO, 1L, null)).isInstanceOf(ReserveResult.Refusal.class);
    }

    @Test
    void countsWithinTheWindowAndSlides() {
        JdbcLimitStore store = JdbcLimitStore.open(dataSource());
        assertThat(store.tryReserve(key, HOUR, NOW, BigDecimal.ZERO, 2L, null)).isInstanceOf(ReserveResult.Reservation.class);
        assertThat(store.tryReserve(key, HOUR, NOW.plusSeconds(10), BigDecimal.ZERO, 2L, null))
                .isInstanceOf(ReserveResult.Reservation.class);
        assertThat(store.tryReserve(key, HOUR, NOW.plusSeconds(20), BigDecimal.ZERO, 2L, null))
                .isEqualTo(new ReserveResult.Refusal(key, 2, BigDecimal.ZERO));
        // The window is (now - 1h, now]: at exactly NOW + 1h the first reservation has slid out.
        assertThat(store.tryReserve(key, HOUR, NOW.plus(HOUR), BigDecimal.ZERO, 2L, null))
                .isInstanceOf(ReserveResult.Reservation.class);
    }

    @Test
    void sumsAmountsAndReleasesSlots() {
        JdbcLimitStore store = JdbcLimitStore.open(dataSource());
        BigDecimal max = new BigDecimal("100");
        var first = (ReserveResult.Reservation) store.tryReserve(key, HOUR, NOW, new BigDecimal("60.5"), null, max);
        assertThat(first.amount()).isEqualByComparingTo("60.5");
        assertThat(store.tryReserve(key, HOUR, NOW, new BigDecimal("40"), null, max))
                .isEqualTo(new ReserveResult.Refusal(key, 1, new BigDecimal("60.5")));
        assertThat(store.tryReserve(key, HOUR, NOW, new BigDecimal("39.5"), null, max))
                .isInstanceOf(ReserveResult.Reservation.class);
        store.release(first);
        store.release(first); // twice: nothing more happens
        assertThat(store.tryReserve(key, HOUR, NOW, new BigDecimal("60"), null, max))
                .isInstanceOf(ReserveResult.Reservation.class);
    }

    @Test
    void keysAreIndependent() {
        JdbcLimitStore store = JdbcLimitStore.open(dataSource());
        assertThat(store.tryReserve(key + "-a", HOUR, NOW, BigDecimal.ZERO, 1L, null)).isInstanceOf(ReserveResult.Reservation.class);
        assertThat(store.tryReserve(key + "-b", HOUR, NOW, BigDecimal.ZERO, 1L, null)).isInstanceOf(ReserveResult.Reservation.class);
        assertThat(store.tryReserve(key + "-a", HOUR, NOW, BigDecimal.ZERO, 1L, null)).isInstanceOf(ReserveResult.Refusal.class);
    }

    /** Two store instances, 16 concurrent callers spread over both: a limit of 5 grants exactly 5, also by sum. */
    @Test
    void twoInstancesNeverExceedTheLimit() throws Exception {
        List<JdbcLimitStore> stores = List.of(JdbcLimitStore.open(dataSource()), JdbcLimitStore.open(dataSource()));
        List<ReserveResult> byCount = JdbcApprovalStoreContract.race(16,
                i -> stores.get(i % 2).tryReserve(key, HOUR, NOW, BigDecimal.ONE, 5L, null));
        assertThat(byCount).filteredOn(r -> r instanceof ReserveResult.Reservation).hasSize(5);

        String sumKey = key + "-sum";
        List<ReserveResult> bySum = JdbcApprovalStoreContract.race(16,
                i -> stores.get(i % 2).tryReserve(sumKey, HOUR, NOW, new BigDecimal("25"), null, new BigDecimal("100")));
        assertThat(bySum).filteredOn(r -> r instanceof ReserveResult.Reservation).hasSize(4);
    }
}
