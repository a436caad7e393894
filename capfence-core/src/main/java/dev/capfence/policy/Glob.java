package dev.capfence.policy;

import java.util.Locale;

/**
 * A glob over names: {@code *} matches any run of characters (dots included), {@code ?} one character.
 * Matching is linear in practice and never backtracks more than once per star.
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
        String s = ignoreCase ? input.toLowerCase(Locale.ROOT) : input;
        if (literal) {
            return pattern.equals(s);
        }
        // classic wildcard matching with a single backtrack point: O(n*m) worst, no recursion
        int p = 0, t = 0, star = -1, mark = 0;
        int pn = pattern.length(), tn = s.length();
        while (t < tn) {
            if (p < pn && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(t))) {
                p++;
                t++;
            } else if (p < pn && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pn && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
