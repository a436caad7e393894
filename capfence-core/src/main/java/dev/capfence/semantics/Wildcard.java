package dev.capfence.semantics;

/**
 * The one wildcard walk behind the policy's name globs and the path globs' segments: {@code *} matches any run of
 * characters, {@code ?} one character, everything else itself. Iterative, with a single backtrack point (the latest
 * star): O(n·m) at worst, no recursion, so a hostile pattern or input cannot blow the stack.
 */
public final class Wildcard {

    private Wildcard() {
    }

    /** Whether {@code text} matches {@code pattern}; callers fold case beforehand when they ignore it. */
    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        int pn = pattern.length();
        int tn = text.length();
        while (t < tn) {
            // The star first: a literal '*' in the text must not be taken as matching the pattern's star.
            if (p < pn && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pn && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
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
}
