package dev.capfence.limit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Sliding-window counters for policy limits. {@link #tryReserve} must be atomic per key, also across application
 * instances sharing the store: no two concurrent calls may both take the last slot. Any RuntimeException is treated
 * by the runtime as "store unavailable" (deny).
 */
public interface LimitStore {

    /**
     * Atomically: counts the reservations of {@code key} made after {@code now - window} (also those stamped after
     * {@code now}: a concurrent caller that read the clock later may have taken its slot first) and sums their
     * amounts; when one more (of {@code amount}) keeps the count at most {@code maxCount} (null: no cap) and the sum
     * at most {@code maxSum} (null: no cap), records a reservation at {@code now} and returns it, else returns a
     * {@link ReserveResult.Refusal} with the current count and sum. Entries older than the window may be pruned.
     *
     * @param amount the amount this call adds to the sum; {@link BigDecimal#ZERO} when the limit has no sum
     */
    ReserveResult tryReserve(String key, Duration window, Instant now, BigDecimal amount, Long maxCount,
                             BigDecimal maxSum);

    /** Gives a slot back (the action never ran). Releasing twice, or an unknown reservation, does nothing. */
    void release(ReserveResult.Reservation reservation);
}
