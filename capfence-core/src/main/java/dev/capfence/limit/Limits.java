package dev.capfence.limit;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Limit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies the policy's limits to an allowed action: takes one slot of every limit that covers it, or none.
 * Each limit's slot is taken atomically by the store; when a later limit refuses, the slots already taken are given
 * back (a concurrent call may briefly have seen them taken: it errs towards refusing, never towards letting through).
 */
public final class Limits {

    private final List<Limit> limits;
    private final LimitStore store;
    private final Clock clock;

    public Limits(List<Limit> limits, LimitStore store, Clock clock) {
        this.limits = List.copyOf(limits);
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }

    /** Reserves a slot in every limit covering the event. Store failures propagate (nothing stays reserved). */
    public LimitCheck reserve(ActionEvent event) {
        Instant now = clock.instant();
        List<ReserveResult.Reservation> taken = new ArrayList<>();
        try {
            for (Limit limit : limits) {
                if (!limit.appliesTo(event)) {
                    continue;
                }
                BigDecimal amount;
                try {
                    amount = limit.amount(event);
                } catch (IllegalArgumentException unreadable) {
                    release(taken);
                    return LimitCheck.exceeded(limit, "limit " + limit.id() + ": " + unreadable.getMessage());
                }
                ReserveResult r = store.tryReserve(limit.key(event), limit.window(), now, amount, limit.maxCount(),
                        limit.maxSum());
                if (r instanceof ReserveResult.Refusal refusal) {
                    release(taken);
                    return LimitCheck.exceeded(limit, describe(limit, refusal, amount));
                }
                taken.add((ReserveResult.Reservation) r);
            }
        } catch (RuntimeException e) {
            releaseQuietly(taken, e);
            throw e;
        }
        return LimitCheck.passed(taken);
    }

    /** Gives slots back: the action they were taken for never ran. */
    public void release(List<ReserveResult.Reservation> reservations) {
        for (ReserveResult.Reservation r : reservations) {
            store.release(r);
        }
    }

    private void releaseQuietly(List<ReserveResult.Reservation> taken, RuntimeException cause) {
        try {
            release(taken);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(Limit limit, ReserveResult.Refusal r, BigDecimal amount) {
        StringBuilder s = new StringBuilder("limit ").append(limit.id()).append(" exceeded: ");
        if (limit.maxCount() != null && r.count() + 1 > limit.maxCount()) {
            s.append(r.count()).append(" of ").append(limit.maxCount()).append(" calls");
        } else {
            s.append("sum ").append(r.sum().toPlainString()).append(" + ").append(amount.toPlainString())
                    .append(" over ").append(limit.maxSum().toPlainString());
        }
        return s.append(" per ").append(limit.per().wireName()).append(" in ").append(limit.window()).toString();
    }
}
