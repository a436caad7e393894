package dev.capfence.limit;

import java.math.BigDecimal;
import java.time.Instant;

/** What {@link LimitStore#tryReserve} answered. */
public sealed interface ReserveResult {

    /** A slot was taken; {@code id} is unique within the store. */
    record Reservation(String id, String key, Instant at, BigDecimal amount) implements ReserveResult { }

    /** No slot: {@code count} and {@code sum} are what the window already held. */
    record Refusal(String key, long count, BigDecimal sum) implements ReserveResult { }
}
