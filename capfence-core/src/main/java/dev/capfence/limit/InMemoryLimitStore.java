package dev.capfence.limit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The default limit store: one process, nothing survives a restart. One lock per store keeps reserve atomic. */
public final class InMemoryLimitStore implements LimitStore {

    private final Map<String, Deque<ReserveResult.Reservation>> byKey = new HashMap<>();

    @Override
    public synchronized ReserveResult tryReserve(String key, Duration window, Instant now, BigDecimal amount,
                                                 Long maxCount, BigDecimal maxSum) {
        Deque<ReserveResult.Reservation> entries = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant windowStart = now.minus(window);
        // Oldest first: everything at or before the window start has slid out for good (the clock only goes forward).
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(windowStart)) {
            entries.pollFirst();
        }
        long count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        for (ReserveResult.Reservation r : entries) {
            // No upper bound: a concurrent caller that read the clock after us may have reserved first; its slot counts.
            if (r.at().isAfter(windowStart)) {
                count++;
                sum = sum.add(r.amount());
            }
        }
        BigDecimal add = amount == null ? BigDecimal.ZERO : amount;
        boolean countOk = maxCount == null || count + 1 <= maxCount;
        boolean sumOk = maxSum == null || sum.add(add).compareTo(maxSum) <= 0;
        if (!countOk || !sumOk) {
            return new ReserveResult.Refusal(key, count, sum);
        }
        ReserveResult.Reservation r = new ReserveResult.Reservation(UUID.randomUUID().toString(), key, now, add);
        entries.addLast(r);
        return r;
    }

    @Override
    public synchronized void release(ReserveResult.Reservation reservation) {
        Deque<ReserveResult.Reservation> entries = byKey.get(reservation.key());
        if (entries != null) {
            entries.removeIf(r -> r.id().equals(reservation.id()));
        }
    }
}
