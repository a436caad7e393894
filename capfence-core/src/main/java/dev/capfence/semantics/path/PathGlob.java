package dev.capfence.semantics.path;

import dev.capfence.semantics.Wildcard;
import dev.capfence.semantics.path.CanonicalPath.Root;
import java.util.ArrayList;
import java.util.List;

/**
 * A glob over {@link CanonicalPath} segments, for {@code matches_any}. The pattern is canonicalized like a
 * path (so {@code /srv/./app/} is {@code /srv/app}), then each segment is a token:
 * <ul>
 *   <li>{@code **} alone in a segment: any number of segments, zero included, so {@code /etc/**} matches
 *       {@code /etc} itself;</li>
 *   <li>{@code *}: any run of characters within one segment, leading dots included (unlike the shell), so
 *       {@code **}{@code /*.pem} matches {@code .pem}; {@code ?}: one character; anything else is literal
 *       (no {@code [..]} classes, no {@code {a,b}}, no escapes).</li>
 * </ul>
 * Roots: {@code /...} matches absolute paths, {@code ~/...} home paths (or, with {@link #compile(String, String)},
 * the expanded home), and a relative pattern relative paths — except a pattern that starts with {@code **},
 * which matches anywhere, under any root, even above it ({@code **}{@code /.env} matches {@code ../../.env}).
 * Otherwise a wildcard never matches a {@code ..} segment: {@code ~/**} does not match {@code ~/../x}.
 * <p>
 * Case-sensitive by default; {@link #ignoringCase()} folds case, which is what a deny glob wants on a
 * case-insensitive filesystem (macOS, Windows) — use it for every deny-style glob, since matching more
 * there only denies more. Matching is iterative with one backtrack point per level: O(segments × tokens)
 * segment comparisons, each O(chars × pattern chars), no regex.
 */
public final class PathGlob {

    private static final String ANY = "**";

    private final String source;
    private final Root root; // null: any root (pattern starts with **)
    private final int dotDots; // leading .. segments of a relative pattern
    private final String[] tokens; // after the leading ..s
    /** Per token, decided once: {@code **}, a plain name, or a pattern for the wildcard walk. */
    private final boolean[] any;
    private final boolean[] literal;
    private final boolean ignoreCase;

    private PathGlob(String source, Root root, int dotDots, String[] tokens, boolean ignoreCase) {
        this.source = source;
        this.root = root;
        this.dotDots = dotDots;
        this.tokens = tokens;
        this.ignoreCase = ignoreCase;
        this.any = new boolean[tokens.length];
        this.literal = new boolean[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            any[i] = tokens[i].equals(ANY);
            literal[i] = isLiteral(tokens[i]);
        }
    }

    /** @throws IllegalArgumentException for a null, blank or suspicious pattern (control characters, ...) */
    public static PathGlob compile(String glob) {
        return compile(glob, null);
    }

    /** As {@link #compile(String)}, expanding {@code ~} to {@code homeDir} when it is not null. */
    public static PathGlob compile(String glob, String homeDir) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("empty path glob");
        }
        PathCanonicalizer c = homeDir == null ? PathCanonicalizer.lexical() : PathCanonicalizer.lexical().withHome(homeDir);
        CanonicalPath p = c.canonicalize(glob);
        if (p.suspicious()) {
            throw new IllegalArgumentException("path glob " + glob + ": " + p.problem());
        }
        List<String> segs = p.segments();
        int dotDots = 0;
        while (dotDots < segs.size() && segs.get(dotDots).equals("..")) {
            dotDots++;
        }
        List<String> tokens = new ArrayList<>();
        for (String seg : segs.subList(dotDots, segs.size())) {
            if (!(seg.equals(ANY) && !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(ANY))) {
                tokens.add(seg); // a run of ** is one **
            }
        }
        boolean anywhere = p.root() == Root.RELATIVE && dotDots == 0 && !tokens.isEmpty() && tokens.get(0).equals(ANY);
        return new PathGlob(glob, anywhere ? null : p.root(), dotDots, tokens.toArray(new String[0]), false);
    }

    /** A copy that compares case-insensitively. */
    public PathGlob ignoringCase() {
        String[] folded = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            folded[i] = CanonicalPath.fold(tokens[i]);
        }
        return new PathGlob(source, root, dotDots, folded, true);
    }

    public boolean matches(CanonicalPath p) {
        if (p == null) {
            return false;
        }
        return matchesSegments(p.root(), ignoreCase ? CanonicalPath.foldAll(p.segments()) : p.segments());
    }

    boolean ignoresCase() {
        return ignoreCase;
    }

    /** The root and, when this glob ignores case, the {@link CanonicalPath#foldAll folded} segments. */
    boolean matchesSegments(Root pathRoot, List<String> segs) {
        int lead = 0;
        while (lead < segs.size() && segs.get(lead).equals("..")) {
            lead++;
        }
        if (root != null && (pathRoot != root || lead != dotDots)) {
            return false;
        }
        // with root == null the leading ** absorbs the path's leading ..s, so they can simply be skipped
        return matchSegments(segs.subList(lead, segs.size()));
    }

    /**
     * The one name a glob {@code **}{@code /NAME} (any root, NAME without wildcards) accepts as a path's last
     * segment, or null for any other glob: such a glob matches exactly the paths that end in NAME.
     */
    String anywhereName() {
        if (root != null || tokens.length != 2 || !tokens[0].equals(ANY) || !isLiteral(tokens[1]) || tokens[1].equals("..")) {
            return null;
        }
        return tokens[1];
    }

    private static boolean isLiteral(String token) {
        return token.indexOf('*') < 0 && token.indexOf('?') < 0;
    }

    /** The classic wildcard walk over segments, {@code **} as the star: backtracks only to the latest {@code **}. */
    private boolean matchSegments(List<String> segs) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        int n = segs.size();
        while (t < n) {
            if (p < tokens.length && any[p]) {
                star = p++;
                mark = t;
            } else if (p < tokens.length && segmentMatches(p, segs.get(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < tokens.length && any[p]) {
            p++;
        }
        return p == tokens.length;
    }

    /** Token {@code p} matches the segment, folded already when this glob ignores case. */
    private boolean segmentMatches(int p, String segment) {
        if (literal[p]) {
            return tokens[p].equals(segment);
        }
        return Wildcard.matches(tokens[p], segment); // the same walk within a segment
    }

    @Override
    public String toString() {
        return source;
    }
}
