package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short setup command on the host (git, mknod, chmod) and fails with its output. */
final class HostCommand {

    private HostCommand() {}

    /** Runs cmd in dir with exactly env; returns its standard output. */
    static String run(List<String> cmd, Path dir, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no end after 60 s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + process.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    static String run(List<String> cmd) throws IOException {
        return run(cmd, null, TraceParser.BASE_ENV);
    }
}
