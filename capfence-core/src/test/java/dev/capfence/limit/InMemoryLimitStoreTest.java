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

    @Test
    void answersAsAScanOfEverySlotInTheWindowWould() {
        java.util.Random random = new java.util.Random(16);
        for (int run = 0; run < 200; run++) {
            InMemoryLimitStore store = new InMemoryLimitStore();
            java.util.List<ReserveResult.Reservation> taken = new java.util.ArrayList<>();
            Instant start = Instant.MIN; // the window start only moves forward, as the store assumes
            Long maxCount = random.nextBoolean() ? null : (long) (1 + random.nextInt(8));
            BigDecimal maxSum = maxCount != null && random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(40));
            Instant clock = NOW;
            for (int step = 0; step < 60; step++) {
                clock = clock.plusSeconds(random.nextInt(900));
                // a caller that read the clock a little earlier may come in late
                Instant now = clock.minusSeconds(random.nextInt(3) == 0 ? random.nextInt(120) : 0);
                if (!taken.isEmpty() && random.nextInt(6) == 0) {
                    ReserveResult.Reservation gone = taken.remove(random.nextInt(taken.size()));
                    store.release(gone);
                    continue;
                }
                start = later(start, now.minus(HOUR));
                Instant windowStart = start;
                java.util.List<ReserveResult.Reservation> inWindow =
                        taken.stream().filter(r -> r.at().isAfter(windowStart)).toList();
                BigDecimal sum = inWindow.stream().map(ReserveResult.Reservation::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal amount = new BigDecimal(random.nextInt(1000)).movePointLeft(random.nextInt(3));
                boolean fits = (maxCount == null || inWindow.size() + 1 <= maxCount)
                        && (maxSum == null || sum.add(amount).compareTo(maxSum) <= 0);

                ReserveResult result = store.tryReserve("k", HOUR, now, amount, maxCount, maxSum);

                if (fits) {
                    assertThat(result).isInstanceOf(ReserveResult.Reservation.class);
                    taken.add((ReserveResult.Reservation) result);
                } else {
                    assertThat(result).isEqualTo(new ReserveResult.Refusal("k", inWindow.size(), sum));
                }
                taken.removeIf(r -> !r.at().isAfter(windowStart)); // slid out for good
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
