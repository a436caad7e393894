package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a run wrote, read from its overlay while still mounted: an entry in the upper layer is created
 * (absent from every lower layer) or changed (present in one); a lower entry the merged view no longer
 * shows is deleted, whether a whiteout or an opaque directory (removed and made again) hides it.
 */
final class UpperLayer {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path upper;
    private final Path merged;
    private final Path layer;
    private final List<Path> lowers;
    private final TreeSet<String> created = new TreeSet<>();
    private final TreeSet<String> changed = new TreeSet<>();
    private final TreeSet<String> deleted = new TreeSet<>();

    /**
     * @param layer the workspace layer, topmost lower; a whiteout in it hides the oracle's own directory
     * @param root  the host root file system without submounts, the lowest layer
     */
    private UpperLayer(Path upper, Path merged, Path layer, Path root) {
        this.upper = upper;
        this.merged = merged;
        this.layer = layer;
        this.lowers = List.of(layer, root);
    }

    static Writes scan(Path upper, Path merged, Path layer, Path root) throws IOException {
        UpperLayer scan = new UpperLayer(upper, merged, layer, root);
        scan.hidden("");
        scan.upperEntries();
        return new Writes(List.copyOf(scan.created), List.copyOf(scan.changed), List.copyOf(scan.deleted));
    }

    private void upperEntries() throws IOException {
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(upper)) {
                    String rel = relative(dir);
                    if (inLower(rel)) {
                        hidden(rel);
                    } else if (isEmpty(dir)) {
                        created.add("/" + rel);   // a new directory with files shows through its files
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(file);
                if (attrs.isOther() && !exists(merged.resolve(rel))) {
                    return FileVisitResult.CONTINUE;   // a whiteout: hidden() on its directory names what it hides
                }
                (inLower(rel) ? changed : created).add("/" + rel);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Lower entries of directory rel ("" for /) that the merged view no longer shows. */
    private void hidden(String rel) throws IOException {
        for (Path lower : lowers) {
            Path dir = lower.resolve(rel);
            if (!Files.isDirectory(dir, NOFOLLOW)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
                    if (exists(merged.resolve(childRel)) || isOther(layer.resolve(childRel))) {
                        continue;   // still there, or hidden by the layer itself: the oracle's own directory
                    }
                    deletedTree(child, "/" + childRel);
                }
            } catch (NoSuchFileException e) {
                // gone from the host while we looked: nothing of the line's
            }
        }
    }

    /** A deleted file, or a deleted directory's files (the directory itself when it held none). */
    private void deletedTree(Path lowerEntry, String path) throws IOException {
        if (!Files.isDirectory(lowerEntry, NOFOLLOW)) {
            deleted.add(path);
            return;
        }
        int before = deleted.size();
        try (Stream<Path> files = Files.walk(lowerEntry)) {
            files.filter(f -> !Files.isDirectory(f, NOFOLLOW))
                    .forEach(f -> deleted.add(path + "/" + lowerEntry.relativize(f)));
        }
        if (deleted.size() == before) {
            deleted.add(path);
        }
    }

    private boolean inLower(String rel) {
        return lowers.stream().anyMatch(lower -> exists(lower.resolve(rel)));
    }

    private String relative(Path p) {
        return upper.relativize(p).toString();
    }

    private static boolean exists(Path p) {
        return Files.exists(p, NOFOLLOW);
    }

    private static boolean isOther(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
