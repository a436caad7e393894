package dev.capfence.policy;

import java.util.Locale;

/** Whether a policy (or one rule) blocks, or only records what it would have decided. */
public enum PolicyMode {
    ENFORCE, OBSERVE;

    private final String wireName = name().toLowerCase(Locale.ROOT); // every verdict writes it

    public String wireName() {
        return wireName;
    }
}
