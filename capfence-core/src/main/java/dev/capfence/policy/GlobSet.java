package dev.capfence.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A list of globs asked as one question: does any of them match this value? Packs list dozens of plain names
 * (programs, arguments, variables) and a few real globs, so the plain names are looked up in hash sets and only
 * the real globs are walked. The answer is the same as trying every glob in turn.
 */
final class GlobSet {

    private final Glob[] globs;
    /** Literal patterns that keep case. */
    private final Set<String> exact = new HashSet<>();
    /** Literal patterns that ignore case, lower-cased like their input will be. */
    private final Set<String> folded = new HashSet<>();
    /** The patterns with {@code *} or {@code ?}, in the order given. */
    private final Glob[] wildcards;

    private GlobSet(Glob[] globs) {
        this.globs = globs.clone();
        List<Glob> wild = new ArrayList<>();
        for (Glob g : globs) {
            if (!g.isLiteral()) {
                wild.add(g);
            } else if (g.ignoresCase()) {
                folded.add(g.pattern());
            } else {
                exact.add(g.pattern());
            }
        }
        this.wildcards = wild.toArray(new Glob[0]);
    }

    static GlobSet of(Glob[] globs) {
        return globs == null ? null : new GlobSet(globs);
    }

    /** Whether any glob matches; null matches none. */
    boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (!exact.isEmpty() && exact.contains(value)) {
            return true;
        }
        String lower = null; // lower-cased once for every glob that ignores case
        if (!folded.isEmpty()) {
            lower = value.toLowerCase(Locale.ROOT);
            if (folded.contains(lower)) {
                return true;
            }
        }
        for (Glob g : wildcards) {
            if (g.ignoresCase()) {
                if (lower == null) {
                    lower = value.toLowerCase(Locale.ROOT);
                }
                if (g.matchesAsGiven(lower)) {
                    return true;
                }
            } else if (g.matchesAsGiven(value)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns as written, as the one pattern or a bracketed list. */
    @Override
    public String toString() {
        return Conditions.list(globs);
    }
}
