package dev.capfence.semantics.path;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of {@link PathGlob}s asked as one question: does any of them match this path? A secrets list is mostly
 * {@code **}{@code /NAME} globs, which match exactly the paths whose last segment is NAME: those are looked up in
 * a hash set, and a path's segments are case-folded once for all the globs instead of once per comparison. The
 * answer is the same as trying every glob in turn.
 */
public final class PathGlobs {

    private final List<PathGlob> globs;
    /** NAME of every {@code **}{@code /NAME} glob, folded or not like the glob. */
    private final Set<String> exactNames = new HashSet<>();
    private final Set<String> foldedNames = new HashSet<>();
    /** Every other glob, in the order given. */
    private final PathGlob[] walked;
    private final boolean anyWalkedIgnoresCase;

    private PathGlobs(List<PathGlob> globs) {
        this.globs = List.copyOf(globs);
        List<PathGlob> rest = new ArrayList<>();
        boolean foldsCase = false;
        for (PathGlob g : this.globs) {
            String name = g.anywhereName();
            if (name != null) {
                (g.ignoresCase() ? foldedNames : exactNames).add(name);
            } else {
                rest.add(g);
                foldsCase |= g.ignoresCase();
            }
        }
        this.walked = rest.toArray(new PathGlob[0]);
        this.anyWalkedIgnoresCase = foldsCase;
    }

    public static PathGlobs of(List<PathGlob> globs) {
        return new PathGlobs(globs);
    }

    public List<PathGlob> globs() {
        return globs;
    }

    /** Whether any glob matches {@code p}; null matches none. */
    public boolean matchesAny(CanonicalPath p) {
        if (p == null) {
            return false;
        }
        List<String> segs = p.segments();
        String last = segs.isEmpty() ? null : segs.get(segs.size() - 1);
        // ".." is only ever a leading run: a path that is all ".." has no name for a **/NAME glob
        boolean named = last != null && !last.equals("..");
        if (named && exactNames.contains(last)) {
            return true;
        }
        String foldedLast = named && !foldedNames.isEmpty() ? CanonicalPath.fold(last) : null;
        if (foldedLast != null && foldedNames.contains(foldedLast)) {
            return true;
        }
        List<String> folded = anyWalkedIgnoresCase ? CanonicalPath.foldAll(segs) : null;
        for (PathGlob g : walked) {
            if (g.matchesSegments(p.root(), g.ignoresCase() ? folded : segs)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return globs.toString();
    }
}
