package dev.capfence.limit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The default limit store: one process, nothing survives a restart. One lock per store keeps reserve atomic.
 * Each key keeps its window's slots oldest first with their running count and sum, so a reservation costs the same
 * however many slots the window holds (a day's sum limit over a million events must not scan them all each time).
 */
public final class InMemoryLimitStore implements LimitStore {

    private final Map<String, Window> byKey = new HashMap<>();

    /** The slots of one key, ordered by when they were taken, and their totals. */
    private static final class Window {
        final Deque<ReserveResult.Reservation> slots = new ArrayDeque<>();
        long count;
        BigDecimal sum = BigDecimal.ZERO;

        /** Drops the slots at or before {@code start}: they have slid out for good (the clock only goes forward). */
        void slideTo(Instant start) {
            while (!slots.isEmpty() && !slots.peekFirst().at().isAfter(start)) {
                forget(slots.pollFirst());
            }
        }

        /**
         * Adds a slot in time order. A concurrent caller that read the clock before us may reserve after us: its slot
         * goes before ours, so sliding the window always drops the oldest first.
         */
        void add(ReserveResult.Reservation r) {
            Deque<ReserveResult.Reservation> later = new ArrayDeque<>(0);
            while (!slots.isEmpty() && slots.peekLast().at().isAfter(r.at())) {
                later.push(slots.pollLast());
            }
            slots.addLast(r);
            while (!later.isEmpty()) {
                slots.addLast(later.pop());
            }
            count++;
            sum = sum.add(r.amount());
        }

        void remove(String id) {
            for (Iterator<ReserveResult.Reservation> it = slots.iterator(); it.hasNext(); ) {
                ReserveResult.Reservation r = it.next();
                if (r.id().equals(id)) {
                    it.remove();
                    forget(r);
                    return;
                }
            }
        }

        /**
         * The sum added up from the slots left, so a refusal reads the same whatever slid out before (a running
         * sum keeps the decimal places of amounts long gone: 2.00 where the slots add up to 2). Only refusals ask.
         */
        BigDecimal sumAsWritten() {
            BigDecimal total = BigDecimal.ZERO;
            for (ReserveResult.Reservation r : slots) {
                total = total.add(r.amount());
            }
            return total;
        }

        private void forget(ReserveResult.Reservation r) {
            count--;
            sum = sum.subtract(r.amount());
        }
    }

    @Override
    public synchronized ReserveResult tryReserve(String key, Duration window, Instant now, BigDecimal amount,
                                                 Long maxCount, BigDecimal maxSum) {
        Window w = byKey.computeIfAbsent(key, k -> new Window());
        // Every slot left is after the window start, those stamped after now included: a concurrent caller that
        // read the clock after us may have reserved first; its slot counts.
        w.slideTo(now.minus(window));
        BigDecimal add = amount == null ? BigDecimal.ZERO : amount;
        boolean countOk = maxCount == null || w.count + 1 <= maxCount;
        boolean sumOk = maxSum == null || w.sum.add(add).compareTo(maxSum) <= 0;
        if (!countOk || !sumOk) {
            return new ReserveResult.Refusal(key, w.count, w.sumAsWritten());
        }
        ReserveResult.Reservation r = new ReserveResult.Reservation(UUID.randomUUID().toString(), key, now, add);
        w.add(r);
        return r;
    }

    @Override
    public synchronized void release(ReserveResult.Reservation reservation) {
        Window w = byKey.get(reservation.key());
        if (w != null) {
            w.remove(reservation.id());
        }
    }
}
