package dev.capfence.langchain4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm MCP filesystem server, nobody here wrote it, at a pinned version, installed once into target/. Without
 * node and npm the tests that need it are skipped, saying so; with them, a failed install fails the test.
 */
final class FilesystemServer {

    static final String PACKAGE = "@modelcontextprotocol/server-filesystem@2026.8.31";
    private static final String ENTRY = "@modelcontextprotocol/server-filesystem/dist/index.js";
    private static final Path PREFIX = Path.of("target", "mcp-servers").toAbsolutePath();

    private FilesystemServer() {
    }

    /** The command that starts the server over stdio, serving these directories. */
    static List<String> command(Path... roots) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", install().toString()));
        for (Path root : roots) {
            command.add(root.toString());
        }
        return command;
    }

    private static synchronized Path install() throws IOException, InterruptedException {
        assumeTrue(available("node") && available("npm"),
                "node and npm are not installed: the tests against the npm MCP filesystem server are skipped");
        Path entry = PREFIX.resolve("node_modules").resolve(ENTRY);
        if (!Files.exists(entry)) {
            Files.createDirectories(PREFIX);
            Path log = PREFIX.resolveSibling("npm-install.log");
            // not this JVM's stdout: the test runner talks to its fork over it
            Process npm = new ProcessBuilder("npm", "install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund",
                    "--save-exact", PACKAGE).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm install " + PACKAGE + " failed; see " + log);
            }
        }
        return entry;
    }

    private static boolean available(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
