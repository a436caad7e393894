package dev.capfence.policy;

import dev.capfence.semantics.Wildcard;
import java.util.Locale;

/**
 * A glob over names: {@code *} matches any run of characters (dots included), {@code ?} one character.
 * Matching is the shared {@link Wildcard} walk.
 */
final class Glob {
    private final String pattern;
    private final boolean literal;
    private final boolean ignoreCase;

    private Glob(String pattern, boolean ignoreCase) {
        this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
        this.ignoreCase = ignoreCase;
    }

    static Glob of(String pattern) {
        return new Glob(pattern, false);
    }

    /** For names an agent writes (capabilities, tools, tables): {@code SHELL.EXEC} is {@code shell.exec}. */
    static Glob ignoringCase(String pattern) {
        return new Glob(pattern, true);
    }

    String pattern() {
        return pattern;
    }

    boolean isLiteral() {
        return literal;
    }

    boolean matches(String input) {
        if (input == null) {
            return false;
        }
        return matchesAsGiven(ignoreCase ? input.toLowerCase(Locale.ROOT) : input);
    }

    boolean ignoresCase() {
        return ignoreCase;
    }

    /** Matches text already lower-cased when this glob ignores case (so a list of globs folds its input once). */
    boolean matchesAsGiven(String s) {
        return literal ? pattern.equals(s) : Wildcard.matches(pattern, s);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
