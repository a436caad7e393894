package dev.capfence.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryLimitStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aSlotStampedAfterNowStillCounts() {
        // a concurrent caller that read the clock later may take its slot first: it must count for us
        InMemoryLimitStore store = new InMemoryLimitStore();
        store.tryReserve("k", HOUR, NOW.plusMillis(5), BigDecimal.ZERO, 1L, null);
        assertThat(store.tryReserve("k", HOUR, NOW, BigDecimal.ZERO, 1L, null)).isInstanceOf(ReserveResult.Refusal.class);
    }

    @Test
    void aSlotOlderThanTheWindowNoLongerCounts() {
        InMemoryLimitStore store = new InMemoryLimitStore();
        store.tryReserve("k", HOUR, NOW, BigDecimal.ZERO, 1L, null);
        assertThat(store.tryReserve("k", HOUR, NOW.plus(HOUR), BigDecimal.ZERO, 1L, null))
                .isInstanceOf(ReserveResult.Reservation.class);
    }
}
