package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Says, once per JVM, whether the sandbox can be built here, and if not, why not. */
final class SandboxProbe {

    static final String RUNNER = "/differential/sandbox-runner.sh";
    private static final List<String> TOOLS = List.of(
            "unshare", "strace", "mount", "umount", "setpriv", "find", "tail", "cp", "mknod", "chmod", "git",
            "bash", "dash");
    private static final List<String> BIN_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private static volatile Optional<String> reason;

    private SandboxProbe() {}

    static Optional<String> unavailableReason() {
        Optional<String> known = reason;
        if (known == null) {
            synchronized (SandboxProbe.class) {
                if (reason == null) {
                    reason = Optional.ofNullable(check());
                }
                known = reason;
            }
        }
        return known;
    }

    private static String check() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "the sandbox needs Linux (mount namespaces, overlayfs), this is " + System.getProperty("os.name");
        }
        try {
            if (!effectiveUid().equals("0")) {
                return "the sandbox needs root to mount (effective uid is " + effectiveUid() + ")";
            }
            for (String tool : TOOLS) {
                if (BIN_DIRS.stream().noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                    return "the sandbox needs " + tool + " (apt-get install " + tool + ")";
                }
            }
            return probe();
        } catch (IOException e) {
            return "the sandbox cannot be checked: " + e.getMessage();
        }
    }

    private static String effectiveUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2];
            }
        }
        throw new IOException("no Uid line in /proc/self/status");
    }

    /** Tries each step of a run (namespaces, tmpfs, overlay over /, proc, strace) in a throwaway directory. */
    private static String probe() throws IOException {
        Path dir = Files.createTempDirectory("capfence-oracle-probe-");
        try {
            Path runner = dir.resolve("runner.sh");
            copyRunner(runner);
            Path mnt = Files.createDirectory(dir.resolve("mnt"));
            ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "-n", "--propagation", "private",
                    "/bin/bash", runner.toString(), "--probe", mnt.toString()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(TraceParser.BASE_ENV);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "the sandbox probe did not finish in 60 s";
            }
            if (process.exitValue() == 0) {
                return null;
            }
            String first = output.isEmpty() ? "exit " + process.exitValue() : output.lines().findFirst().orElse("");
            return first.startsWith("unshare:")
                    ? "cannot create a mount and network namespace: " + first
                    : first;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing the sandbox";
        } finally {
            deleteTree(dir);
        }
    }

    static void copyRunner(Path target) throws IOException {
        try (InputStream in = SandboxProbe.class.getResourceAsStream(RUNNER)) {
            if (in == null) {
                throw new IOException("test resource " + RUNNER + " is missing");
            }
            Files.write(target, in.readAllBytes());
        }
    }

    /** Deletes a directory tree without following links, leaving nothing that would fail the next run. */
    static void deleteTree(Path dir) {
        try {
            HostCommand.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        } catch (IOException e) {
            // best effort: a temp directory left behind harms no later run
        }
    }
}
