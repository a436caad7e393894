package dev.capfence.limit;

import dev.capfence.policy.Limit;
import java.util.List;

/**
 * What {@link Limits#reserve} found: either every covering limit had room ({@code reservations} holds the slots
 * taken) or {@code exceeded} is the first limit that had none, with {@code reason} saying why.
 */
public record LimitCheck(List<ReserveResult.Reservation> reservations, Limit exceeded, String reason) {

    static LimitCheck passed(List<ReserveResult.Reservation> reservations) {
        return new LimitCheck(List.copyOf(reservations), null, null);
    }

    static LimitCheck exceeded(Limit limit, String reason) {
        return new LimitCheck(List.of(), limit, reason);
    }

    public boolean passed() {
        return exceeded == null;
    }
}
