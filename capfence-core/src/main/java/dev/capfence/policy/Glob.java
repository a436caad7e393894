package dev.capfence.policy;

import dev.capfence.semantics.Wildcard;
import java.util.Locale;

/**
 * A glob over names: {@code *} matches any run of characters (dots included), {@code ?} one character.
 * Matching is the shared {@link Wildcard} walk; the shapes packs mostly write ({@code *.pem}, {@code GIT_*},
 * {@code *kubeconfig*}) are a suffix, prefix or substring test, which gives the same answer.
 */
final class Glob {

    /** How the pattern is tested: its text with stars cut off at the ends, if nothing else is a wildcard. */
    private enum Shape { LITERAL, PREFIX, SUFFIX, INFIX, WALK }

    private final String pattern;
    private final boolean literal;
    private final boolean ignoreCase;
    private final Shape shape;
    /** The pattern without its leading and trailing stars (for every shape but WALK). */
    private final String core;

    private Glob(String pattern, boolean ignoreCase) {
        this.pattern = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
        this.ignoreCase = ignoreCase;
        String p = this.pattern;
        int from = 0;
        while (from < p.length() && p.charAt(from) == '*') {
            from++;
        }
        int to = p.length();
        while (to > from && p.charAt(to - 1) == '*') {
            to--;
        }
        this.core = p.substring(from, to);
        boolean leading = from > 0;
        boolean trailing = to < p.length();
        if (core.indexOf('*') >= 0 || core.indexOf('?') >= 0) {
            this.shape = Shape.WALK;
        } else if (leading && trailing) {
            this.shape = Shape.INFIX;
        } else if (leading) {
            this.shape = Shape.SUFFIX;
        } else if (trailing) {
            this.shape = Shape.PREFIX;
        } else {
            this.shape = Shape.LITERAL;
        }
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
        return switch (shape) {
            case LITERAL -> pattern.equals(s);
            case PREFIX -> s.startsWith(core);
            case SUFFIX -> s.endsWith(core);
            case INFIX -> s.contains(core);
            case WALK -> Wildcard.matches(pattern, s);
        };
    }

    @Override
    public String toString() {
        return pattern;
    }
}
