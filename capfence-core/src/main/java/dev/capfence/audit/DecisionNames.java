package dev.capfence.audit;

import dev.capfence.policy.Decision;
import java.util.Locale;

/** Decisions as both formats spell them: {@code deny}, upstream's {@code DENY} and {@code block} … */
final class DecisionNames {

    private DecisionNames() {
    }

    /** The decision, or {@link RecordParser.Unreadable} naming the value that is none. */
    static Decision parse(Object value) {
        Decision d = parseOrNull(value);
        if (d == null) {
            throw new RecordParser.Unreadable(value == null ? "no 'decision'" : "unknown decision '" + value + "'");
        }
        return d;
    }

    static Decision parseOrNull(Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        String name = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (name) {
            case "block", "blocked", "denied":
                return Decision.DENY;
            case "allowed":
                return Decision.ALLOW;
            case "approval_required", "requires_approval", "needs_approval", "pending_approval":
                return Decision.REQUIRE_APPROVAL;
            default:
                return Decision.fromWireName(name);
        }
    }
}
