package dev.capfence.semantics.path;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A path after canonicalization: a root and its segments, with no empty, {@code .} or inner {@code ..}
 * segments. Only a relative or home path can keep {@code ..}, and only as a leading run: such a path
 * {@link #escapes() escapes} its root. {@code suspicious} marks inputs that no honest caller sends (control
 * characters, encoded dots, invisible characters, ...); {@code problem} says why and is null otherwise.
 * A policy should deny suspicious paths before looking at anything else: {@link #isWithin} and
 * {@link PathGlob#matches} compare structure only and do not look at the flag.
 */
public record CanonicalPath(Root root, List<String> segments, boolean suspicious, String problem) {

    /** Absolute paths, home paths ({@code ~}) and relative paths are three roots that never contain each other. */
    public enum Root { ABSOLUTE, HOME, RELATIVE }

    public CanonicalPath {
        Objects.requireNonNull(root, "root");
        segments = List.copyOf(segments);
        if (suspicious != (problem != null)) {
            throw new IllegalArgumentException("a problem is given exactly when the path is suspicious");
        }
    }

    /** A relative or home path that climbs above its root with {@code ..}. */
    public boolean escapes() {
        return root != Root.ABSOLUTE && !segments.isEmpty() && segments.get(0).equals("..");
    }

    /** Same root, {@code prefix}'s segments are a prefix of these, and this path does not escape. Case-sensitive. */
    public boolean isWithin(CanonicalPath prefix) {
        return isWithin(prefix, false);
    }

    /**
     * As {@link #isWithin(CanonicalPath)}, comparing segments case-insensitively when {@code ignoreCase}: right
     * for a deny prefix on a case-insensitive filesystem (macOS, Windows), wrong for an allow prefix there.
     */
    public boolean isWithin(CanonicalPath prefix, boolean ignoreCase) {
        if (prefix == null || root != prefix.root || escapes() || segments.size() < prefix.segments.size()) {
            return false;
        }
        for (int i = 0; i < prefix.segments.size(); i++) {
            String a = segments.get(i);
            String b = prefix.segments.get(i);
            if (!(ignoreCase ? fold(a).equals(fold(b)) : a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    /** {@code /a/b}, {@code ~/a}, {@code a/b}, and {@code .} for the empty relative path. */
    @Override
    public String toString() {
        String body = String.join("/", segments);
        switch (root) {
            case ABSOLUTE:
                return "/" + body;
            case HOME:
                return body.isEmpty() ? "~" : "~/" + body;
            default:
                return body.isEmpty() ? "." : body;
        }
    }

    /** Upper then lower: folds the German sharp s and the Greek final sigma like their capitals. */
    static String fold(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            }
        }
        return s.toLowerCase(Locale.ROOT); // the same for ASCII, and no copy when there is no capital
    }

    /** Every segment {@link #fold folded}, for comparing a path with many case-insensitive globs at once. */
    static List<String> foldAll(List<String> segments) {
        String[] folded = new String[segments.size()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = fold(segments.get(i));
        }
        return Arrays.asList(folded);
    }
}
