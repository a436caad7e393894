package dev.capfence.replay;

import dev.capfence.policy.Decision;
import java.util.Comparator;
import java.util.Objects;

/** A decision before and after: {@code allow -> deny}. Ordered for stable reports: by {@code from}, then {@code to}. */
public record Transition(Decision from, Decision to) implements Comparable<Transition> {

    private static final Comparator<Transition> ORDER = Comparator
            .comparingInt((Transition t) -> permissiveness(t.from)).reversed()
            .thenComparing(Comparator.comparingInt((Transition t) -> permissiveness(t.to)).reversed());

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public boolean changed() {
        return from != to;
    }

    /** The action gets further than before: {@code deny -> require_approval}, {@code * -> allow}. */
    public boolean loosens() {
        return permissiveness(to) > permissiveness(from);
    }

    /** Allowed now and not before. */
    public boolean newlyAllows() {
        return to == Decision.ALLOW && from != Decision.ALLOW;
    }

    /** deny 0, require_approval 1, allow 2: how far an action gets. */
    private static int permissiveness(Decision d) {
        switch (d) {
            case DENY: return 0;
            case REQUIRE_APPROVAL: return 1;
            default: return 2;
        }
    }

    @Override
    public int compareTo(Transition other) {
        return ORDER.compare(this, other);
    }

    /** {@code allow -> deny}, as reports and JSON summaries key it. */
    @Override
    public String toString() {
        return from.wireName() + " -> " + to.wireName();
    }
}
