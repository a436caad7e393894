package dev.capfence.policy;

/** The policy language's glob matching, for the runtime's parts outside this package (grants, approvers). */
public final class Patterns {

    private Patterns() {
    }

    /** Whether a capability glob covers a capability the way a rule's {@code capability} does (dot-prefixes too, any case). */
    public static boolean coversCapability(String pattern, String capability) {
        return Conditions.CapabilityMatch.covers(Glob.ignoringCase(pattern), capability);
    }

    /** A plain glob ignoring case, as a rule's {@code tool} matches: for names an agent writes. */
    public static boolean matchesIgnoringCase(String pattern, String text) {
        return Glob.ignoringCase(pattern).matches(text);
    }

    /** A plain glob ({@code *}, {@code ?}), case-sensitive: for names such as actors. */
    public static boolean matches(String pattern, String text) {
        return Glob.of(pattern).matches(text);
    }
}
