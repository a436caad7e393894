package dev.capfence.semantics.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Symlink resolution against this machine's filesystem (POSIX paths). A path is walked one segment at a
 * time: an existing prefix goes through {@code toRealPath}, a missing one is appended lexically. Two
 * readings are walked, because {@code ..} after a symlink differs between them: the kernel's (raw
 * segments in order, so {@code link/..} is the parent of the link's target) and a tool's that normalizes
 * first ({@code link/..} vanishes). If they land in different places the path is flagged.
 */
final class Symlinks {

    /** Linux PATH_MAX: longer paths fail at the kernel, so they are not worth a walk. */
    private static final int MAX_CHARS = 4096;

    private Symlinks() {
    }

    static List<String> resolve(List<String> raw, List<String> lexical, Set<String> problems) {
        int chars = 0;
        for (String seg : raw) {
            chars += seg.length() + 1;
        }
        if (chars > MAX_CHARS) {
            problems.add("path too long to resolve symlinks (over " + MAX_CHARS + " characters)");
            return lexical;
        }
        try {
            Set<String> notes = new LinkedHashSet<>();
            Path kernel = walk(raw, notes);
            Path normalizedFirst = walk(lexical, notes);
            problems.addAll(notes);
            if (!kernel.equals(normalizedFirst)) {
                problems.add("symlink followed by ..: the kernel reads " + kernel + ", a tool that normalizes first reads "
                        + normalizedFirst);
            }
            List<String> out = new ArrayList<>(kernel.getNameCount());
            for (Path name : kernel) {
                out.add(name.toString());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            problems.add("could not resolve symlinks: " + e);
            return lexical;
        }
    }

    private static Path walk(List<String> segs, Set<String> notes) throws IOException {
        Path root = Path.of("/");
        Path cur = root;
        for (String seg : segs) {
            if (seg.equals("..")) {
                Path parent = cur.getParent();
                cur = parent == null ? root : parent;
                continue;
            }
            Path next = cur.resolve(seg);
            if (Files.exists(next)) {
                next = next.toRealPath();
            } else if (Files.isSymbolicLink(next)) {
                // writing through a dangling link creates its target: follow it one level, lexically
                Path target = cur.resolve(Files.readSymbolicLink(next)).normalize();
                notes.add("dangling symlink " + next + " -> " + target);
                next = target;
            } else if (!Files.notExists(next)) {
                notes.add("cannot tell whether " + next + " exists (permissions?)");
            }
            cur = next;
        }
        return cur;
    }
}
