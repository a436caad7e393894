package dev.capfence.semantics.path;

import dev.capfence.semantics.path.CanonicalPath.Root;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the path string an agent proposes into a {@link CanonicalPath}, reading it the way the most
 * permissive plausible consumer would, so a check on the result fails closed. Immutable; the {@code with*}
 * methods return configured copies. See the package documentation for every rule.
 */
public final class PathCanonicalizer {

    private static final PathCanonicalizer LEXICAL = new PathCanonicalizer(null, null, false);

    /** Canonical absolute segments of the home directory and of the working directory, or null when unknown. */
    private final List<String> home;
    private final List<String> base;
    private final boolean resolveSymlinks;

    private PathCanonicalizer(List<String> home, List<String> base, boolean resolveSymlinks) {
        this.home = home;
        this.base = base;
        this.resolveSymlinks = resolveSymlinks;
    }

    /** Lexical only: no home, no working directory, no filesystem access. */
    public static PathCanonicalizer lexical() {
        return LEXICAL;
    }

    /**
     * {@code ~} and {@code ~/x} expand to {@code homeDir} and become absolute; null forgets the home.
     *
     * @throws IllegalArgumentException if {@code homeDir} is not a clean absolute path
     */
    public PathCanonicalizer withHome(String homeDir) {
        return new PathCanonicalizer(homeDir == null ? null : absolute(LEXICAL, homeDir, "home"), base,
                resolveSymlinks);
    }

    /**
     * Relative paths resolve against {@code workingDir} and become absolute; null forgets it. A {@code ~} in
     * {@code workingDir} expands with the home configured so far.
     *
     * @throws IllegalArgumentException if {@code workingDir} is not a clean absolute path
     */
    public PathCanonicalizer withBase(String workingDir) {
        PathCanonicalizer homeOnly = new PathCanonicalizer(home, null, false);
        return new PathCanonicalizer(home, workingDir == null ? null : absolute(homeOnly, workingDir, "base"),
                resolveSymlinks);
    }

    /**
     * When on, absolute results are resolved against this machine's filesystem: the existing part of the
     * path through {@code toRealPath}, the rest appended lexically. Compare against prefixes canonicalized
     * by the same canonicalizer, since the prefix itself may sit behind a symlink.
     */
    public PathCanonicalizer resolvingSymlinks(boolean on) {
        return new PathCanonicalizer(home, base, on);
    }

    private static List<String> absolute(PathCanonicalizer c, String dir, String what) {
        CanonicalPath p = c.canonicalize(dir);
        if (p.root() != Root.ABSOLUTE || p.suspicious()) {
            throw new IllegalArgumentException(what + " directory must be a clean absolute path: " + dir
                    + (p.suspicious() ? " (" + p.problem() + ")" : ""));
        }
        return p.segments();
    }

    /** Never throws; a null, empty or odd input comes back {@linkplain CanonicalPath#suspicious() suspicious}. */
    public CanonicalPath canonicalize(String raw) {
        try {
            return canonicalizeOrThrow(raw);
        } catch (RuntimeException e) {
            // a bug here must read as "deny", never crash the gateway
            return new CanonicalPath(Root.RELATIVE, List.of(), true, "could not canonicalize: " + e);
        }
    }

    private CanonicalPath canonicalizeOrThrow(String raw) {
        if (raw == null) {
            return new CanonicalPath(Root.RELATIVE, List.of(), true, "null path");
        }
        Set<String> problems = new LinkedHashSet<>();
        String s = unicode(raw, problems);
        String stripped = stripWhitespace(s);
        if (stripped.length() != s.length()) {
            problems.add("leading or trailing whitespace (a caller that trims reads another path)");
        }
        s = stripped;
        if (s.isEmpty()) {
            problems.add("empty path");
        }
        if (s.regionMatches(true, 0, "file:", 0, 5)) {
            s = unicode(fromFileUrl(s.substring(5), problems), problems);
        }
        checkControls(s, problems);
        checkPercent(s, problems);
        if (s.startsWith("\\\\")) {
            problems.add("UNC or device path (\\\\server\\share, \\\\?\\...)");
        }
        // backslash is a name character on POSIX, but reading it as a separator is the reading that climbs
        s = s.replace('\\', '/');

        Root root;
        int floor = 0; // leading segments .. cannot remove: a drive letter
        List<String> segs = new ArrayList<>();
        String rest;
        if (isDrive(s)) {
            root = Root.ABSOLUTE;
            segs.add(Character.toLowerCase(s.charAt(0)) + ":");
            floor = 1;
            rest = s.substring(2);
            if (rest.isEmpty() || rest.charAt(0) != '/') {
                problems.add("drive-relative Windows path (C:x means the current directory on C:)");
            }
        } else if (s.startsWith("/")) {
            root = Root.ABSOLUTE;
            rest = s;
        } else if (s.equals("~") || s.startsWith("~/")) {
            root = Root.HOME;
            rest = s.substring(1);
        } else if (s.startsWith("~")) {
            // ~user is another account's home; guess it is a sibling of ours (/home/user), which escapes ~
            problems.add("another user's home (~user), read as ~/../user");
            root = Root.HOME;
            segs.add("..");
            rest = s.substring(1);
        } else {
            root = Root.RELATIVE;
            rest = s;
        }
        split(rest, segs, problems);

        if (root == Root.HOME && home != null) {
            segs.addAll(0, home);
            root = Root.ABSOLUTE;
        } else if (root == Root.RELATIVE && base != null) {
            segs.addAll(0, base);
            root = Root.ABSOLUTE;
        }
        List<String> segments = collapse(segs, root, floor);
        if (root == Root.RELATIVE && !segments.isEmpty()) {
            checkFirstRelative(segments.get(0), problems);
        }
        if (resolveSymlinks && root == Root.ABSOLUTE) {
            segments = Symlinks.resolve(segs, segments, problems);
        }
        return new CanonicalPath(root, segments, !problems.isEmpty(),
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Splits on {@code /}, dropping empty and {@code .} segments, flagging names Windows reads differently. */
    private static void split(String rest, List<String> out, Set<String> problems) {
        int i = 0;
        int n = rest.length();
        while (i < n) {
            int j = rest.indexOf('/', i);
            if (j < 0) {
                j = n;
            }
            if (j > i) {
                String seg = rest.substring(i, j);
                if (!seg.equals(".")) {
                    checkSegment(seg, problems);
                    out.add(seg);
                }
            }
            i = j + 1;
        }
    }

    /** {@code ..} removes the previous segment; above an absolute root it stays at the root, else it is kept. */
    static List<String> collapse(List<String> segs, Root root, int floor) {
        List<String> out = new ArrayList<>(segs.size());
        for (String seg : segs) {
            if (!seg.equals("..")) {
                out.add(seg);
            } else if (out.size() > floor && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (root != Root.ABSOLUTE) {
                out.add(".."); // climbs above the starting directory or home: kept, so the path escapes
            }
        }
        return out;
    }

    private static void checkSegment(String seg, Set<String> problems) {
        if (seg.equals("..")) {
            return;
        }
        char last = seg.charAt(seg.length() - 1);
        if (last == '.' || last == ' ') {
            boolean onlyDotsAndSpaces = seg.chars().allMatch(c -> c == '.' || c == ' ');
            problems.add(onlyDotsAndSpaces
                    ? "segment of only dots and spaces (Windows reads it as . or ..)"
                    : "trailing dot or space in a name (Windows drops it: .env. opens .env)");
        }
        if (seg.contains("::$")) {
            problems.add("NTFS alternate data stream (name::$DATA opens name)");
        }
    }

    /** A relative result whose first segment would parse differently if the result were read again. */
    private static void checkFirstRelative(String first, Set<String> problems) {
        if (first.startsWith("~") || isDrive(first) || first.regionMatches(true, 0, "file:", 0, 5)
                || isSpace(first.charAt(0))) {
            problems.add("relative path starting with '" + first + "' reads differently when re-read");
        }
    }

    /**
     * NFKC first, so full-width {@code ／ｅｔｃ} is {@code /etc}; flagged when that created path syntax.
     * Invisible format characters are removed and flagged; slash look-alikes NFKC keeps are flagged.
     */
    private static String unicode(String s, Set<String> problems) {
        if (isAscii(s)) {
            return s;
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        if (countSyntax(n) > countSyntax(s)) {
            problems.add("Unicode compatibility characters that read as path syntax (NFKC: ／ is /, ． is .)");
        }
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT) {
                problems.add("invisible format character U+" + hex(cp) + " (zero-width, bidi override, ...)");
                continue;
            }
            if (isSlashLookalike(cp)) {
                problems.add("slash look-alike U+" + hex(cp));
            }
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static int countSyntax(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\' || c == '.' || c == '~' || c == ':' || c == '%') {
                count++;
            }
        }
        return count;
    }

    private static boolean isSlashLookalike(int cp) {
        switch (cp) {
            case 0x2044: // fraction slash
            case 0x2215: // division slash
            case 0x2216: // set minus
            case 0x2571: // box drawings diagonal
            case 0x2572:
            case 0x27CB: // mathematical rising diagonal
            case 0x27CD:
            case 0x29F5: // reverse solidus operator
            case 0x29F8: // big solidus
            case 0x29F9:
                return true;
            default:
                return false;
        }
    }

    private static void checkControls(String s, Set<String> problems) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029) {
                // NUL truncates the name in C; newlines forge log lines; neither belongs in a path
                problems.add("control character U+" + hex(c));
                return;
            }
        }
    }

    /**
     * Percent-encoding is not decoded (a path is not a URL), but a layer that decodes would read encoded
     * dots, separators, NUL or a double-encoded percent as path syntax: {@code %2e%2e} is flagged.
     */
    private static void checkPercent(String s, Set<String> problems) {
        for (int i = s.indexOf('%'); i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
            int hi = hexValue(s.charAt(i + 1));
            int lo = hexValue(s.charAt(i + 2));
            if (hi < 0 || lo < 0) {
                if ((s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U') && i + 5 < s.length()
                        && hexValue(s.charAt(i + 2)) >= 0 && hexValue(s.charAt(i + 3)) >= 0
                        && hexValue(s.charAt(i + 4)) >= 0 && hexValue(s.charAt(i + 5)) >= 0) {
                    problems.add("%u-encoding (IIS-style %u002e)");
                    return;
                }
                continue;
            }
            int b = hi * 16 + lo;
            if (b < 0x20 || b == 0x7f || b == '.' || b == '/' || b == '\\' || b == '%' || b == 0xc0 || b == 0xc1) {
                problems.add("percent-encoded path syntax (" + s.substring(i, i + 3)
                        + "): a layer that decodes reads dots, separators or NUL");
                return;
            }
        }
    }

    /**
     * {@code file:} URL to path: {@code localhost} or no host means this machine; the path is percent-decoded
     * (it is a URL); a remote host, a query or a fragment is flagged since readers disagree on them.
     */
    private static String fromFileUrl(String rest, Set<String> problems) {
        String path;
        if (rest.startsWith("//") || rest.startsWith("\\\\")) {
            int end = rest.length();
            for (int i = 2; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '/' || c == '\\' || c == '?' || c == '#') {
                    end = i;
                    break;
                }
            }
            String host = rest.substring(2, end);
            path = rest.substring(end);
            if (host.length() == 2 && isDrive(host)) {
                path = host + path; // file://C:/x
            } else if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                problems.add("file URL names a remote host (" + host + ")");
            }
        } else {
            path = rest;
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            problems.add("query or fragment in a file URL (readers disagree whether it is part of the name)");
        }
        path = percentDecode(path, problems);
        if (path.length() >= 3 && (path.charAt(0) == '/' || path.charAt(0) == '\\') && isDrive(path.substring(1))) {
            path = path.substring(1); // file:///C:/x
        }
        if (!path.startsWith("/") && !path.startsWith("\\") && !isDrive(path)) {
            path = "/" + path; // a file URL path is always absolute
        }
        return path;
    }

    private static String percentDecode(String s, Set<String> problems) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hexValue(s.charAt(i + 1)) >= 0 && hexValue(s.charAt(i + 2)) >= 0) {
                bytes.write(hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        String decoded = bytes.toString(StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0 && s.indexOf('\uFFFD') < 0) {
            problems.add("invalid UTF-8 after percent-decoding a file URL");
        }
        return decoded;
    }

    static boolean isDrive(String s) {
        if (s.length() < 2 || s.charAt(1) != ':') {
            return false;
        }
        char c = s.charAt(0);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String stripWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int hexValue(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1; // ASCII only: Character.digit also reads full-width digits
    }

    private static String hex(int cp) {
        return String.format("%04X", cp);
    }
}
