package dev.capfence.policy;

/** What a policy says about an action. Precedence: deny over require_approval over allow. */
public enum Decision {
    ALLOW("allow", 2),
    REQUIRE_APPROVAL("require_approval", 1),
    DENY("deny", 0);

    private final String wireName;
    private final int rank;

    Decision(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    /** The name used in JSON, YAML and the audit: {@code allow}, {@code deny}, {@code require_approval}. */
    public String wireName() {
        return wireName;
    }

    /** Lower ranks win: deny is 0. */
    int rank() {
        return rank;
    }

    /** Reads a wire name; {@code null} when it is none. */
    public static Decision fromWireName(String name) {
        for (Decision d : values()) {
            if (d.wireName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
