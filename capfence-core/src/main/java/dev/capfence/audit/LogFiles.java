package dev.capfence.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a rotated log is laid out. The current file keeps its name ({@code audit.jsonl}); a full file is renamed
 * {@code audit.jsonl.1}, then {@code .2} … — oldest first, and a number is never reused or shifted (unlike
 * logrotate), so an archived file keeps its name and evicting old files means deleting the lowest numbers.
 * Each new file opens with a checkpoint record bound to the last record of the file before it.
 */
final class LogFiles {

    private LogFiles() {
    }

    /** The files of the chain in order: the rotated ones, oldest first, then the current one when it exists. */
    static List<Path> chain(Path current) throws IOException {
        List<Path> files = new ArrayList<>(rotated(current));
        if (Files.exists(current)) {
            files.add(current);
        }
        return files;
    }

    /** The rotated files, oldest first. */
    static List<Path> rotated(Path current) throws IOException {
        Path dir = parent(current);
        Pattern name = Pattern.compile(Pattern.quote(current.getFileName().toString()) + "\\.(\\d{1,18})");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (name.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparingLong(p -> number(p, name)));
        return found;
    }

    /** The name the current file gets when it is rotated: one past the highest number in use. */
    static Path nextRotated(Path current) throws IOException {
        List<Path> rotated = rotated(current);
        Pattern name = Pattern.compile(Pattern.quote(current.getFileName().toString()) + "\\.(\\d{1,18})");
        long next = rotated.isEmpty() ? 1 : number(rotated.get(rotated.size() - 1), name) + 1;
        return parent(current).resolve(current.getFileName() + "." + next);
    }

    static Path lockFile(Path current) {
        return parent(current).resolve(current.getFileName() + ".lock");
    }

    static Path parent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    private static long number(Path p, Pattern name) {
        Matcher m = name.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
