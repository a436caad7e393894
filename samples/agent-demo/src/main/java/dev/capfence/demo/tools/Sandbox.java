package dev.capfence.demo.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory the shell and file tools work in: {@code demo.sandbox}, else a fresh temporary directory that is
 * removed again when the application stops.
 */
public final class Sandbox implements AutoCloseable {

    private static final Map<String, String> SEED = Map.of(
            "README.txt", "This is the agent's sandbox. Everything the shell tool runs starts here.\n",
            "orders.csv", "order_id,customer,amount\n1001,acme,120.00\n1002,globex,5000.00\n",
            "notes/todo.txt", "- answer the refund request from globex\n");

    private final Path root;
    private final boolean temporary;

    private Sandbox(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** Opens {@code configured} (created when missing) or a new temporary directory, and adds the seed files. */
    public static Sandbox open(String configured) {
        try {
            boolean temporary = configured == null || configured.isBlank();
            Path root = temporary ? Files.createTempDirectory("capfence-sandbox-")
                    : Files.createDirectories(Path.of(configured));
            root = root.toRealPath();
            for (Map.Entry<String, String> file : SEED.entrySet()) {
                Path target = root.resolve(file.getKey());
                if (Files.notExists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue());
                }
            }
            return new Sandbox(root, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox " + configured, e);
        }
    }

    public Path root() {
        return root;
    }

    /** Removes the sandbox if this process created it; a configured directory is left as it is. */
    @Override
    public void close() throws IOException {
        if (!temporary || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The names directly inside the sandbox, sorted; empty when the directory is gone. */
    public List<String> listing() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
