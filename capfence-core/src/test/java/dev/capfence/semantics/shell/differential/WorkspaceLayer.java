package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the overlay's workspace layer once: /srv/ws (the test resource {@code differential/workspace/}
 * made a git repository with one commit), a small /dev, and a whiteout that hides the oracle's own
 * directory from the lines.
 */
final class WorkspaceLayer {

    static final String WORKSPACE = "/srv/ws";
    private static final String RESOURCE = "/differential/workspace";

    private WorkspaceLayer() {}

    /** Builds the layer in {@code layer} (an empty directory inside {@code hide}). */
    static void build(Path layer, Path hide) throws IOException {
        Path ws = layer.resolve(WORKSPACE.substring(1));
        Files.createDirectories(ws.getParent());
        copyResourceTree(ws);
        commit(ws);
        devices(layer.resolve("dev"));
        hideFromLines(layer, hide);
        if (Files.isDirectory(Path.of("/srv"))) {
            HostCommand.run(List.of("chmod", "--reference=/srv", layer.resolve("srv").toString()));
        }
    }

    private static void copyResourceTree(Path target) throws IOException {
        URL url = WorkspaceLayer.class.getResource(RESOURCE);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IOException("test resource " + RESOURCE + " must be a directory on the class path, is " + url);
        }
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("bad resource location " + url, e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    try (InputStream in = Files.newInputStream(from)) {
                        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** One commit, with fixed identity and dates and no host git configuration, so `git log` is stable. */
    private static void commit(Path ws) throws IOException {
        Map<String, String> env = Map.of(
                "PATH", TraceParser.BASE_ENV.get("PATH"),
                "HOME", ws.toString(),
                "GIT_CONFIG_NOSYSTEM", "1",
                "GIT_CONFIG_GLOBAL", "/dev/null",
                "GIT_AUTHOR_NAME", "CapFence", "GIT_AUTHOR_EMAIL", "oracle@capfence.dev",
                "GIT_COMMITTER_NAME", "CapFence", "GIT_COMMITTER_EMAIL", "oracle@capfence.dev",
                "GIT_AUTHOR_DATE", "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z");
        HostCommand.run(List.of("git", "init", "-q", "-b", "main", "."), ws, env);
        HostCommand.run(List.of("git", "add", "-A"), ws, env);
        HostCommand.run(List.of("git", "commit", "-q", "-m", "init"), ws, env);
    }

    /** The devices programs expect; the host's /dev (disks included) stays out of reach. */
    private static void devices(Path dev) throws IOException {
        Files.createDirectories(dev);
        List<String> script = new ArrayList<>(List.of("set -e", "cd \"$0\"",
                "mknod -m 666 null c 1 3", "mknod -m 666 zero c 1 5", "mknod -m 666 full c 1 7",
                "mknod -m 666 random c 1 8", "mknod -m 666 urandom c 1 9", "mknod -m 666 tty c 5 0",
                "ln -s /proc/self/fd fd", "ln -s /proc/self/fd/0 stdin", "ln -s /proc/self/fd/1 stdout",
                "ln -s /proc/self/fd/2 stderr", "mkdir -m 1777 shm", "mkdir -m 755 pts", "chmod 755 ."));
        HostCommand.run(List.of("/bin/sh", "-c", String.join("\n", script), dev.toString()));
    }

    /** A whiteout (char device 0/0) in the layer hides hide's path in the lower layer, the host root. */
    private static void hideFromLines(Path layer, Path hide) throws IOException {
        Path absolute = hide.toAbsolutePath().normalize();
        Path dir = layer;
        for (int i = 0; i < absolute.getNameCount() - 1; i++) {
            Path host = absolute.getRoot().resolve(absolute.subpath(0, i + 1));
            dir = dir.resolve(absolute.getName(i).toString());
            Files.createDirectories(dir);
            HostCommand.run(List.of("chmod", "--reference=" + host, dir.toString()));
        }
        HostCommand.run(List.of("mknod", dir.resolve(absolute.getFileName().toString()).toString(), "c", "0", "0"));
    }
}
