package dev.capfence.policy;

/** Whether a policy (or one rule) blocks, or only records what it would have decided. */
public enum PolicyMode {
    ENFORCE, OBSERVE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
