package dev.capfence.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MCP servers nobody here wrote, from npm at pinned versions, installed once into target/. Without node and npm
 * the tests that need them are skipped, saying so; with them, a failed install fails the test.
 */
final class NodeServers {

    static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem@2026.8.31";
    private static final Path PREFIX = Path.of("target", "mcp-servers").toAbsolutePath();

    private NodeServers() {
    }

    /** The command that starts the filesystem server, serving these directories. */
    static synchronized List<String> filesystem(Path... roots) throws IOException, InterruptedException {
        assumeTrue(available("node") && available("npm"),
                "node and npm are not installed: the tests against the npm MCP servers are skipped");
        Path entry = PREFIX.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        if (!Files.exists(entry)) {
            Files.createDirectories(PREFIX);
            Process npm = new ProcessBuilder("npm", "install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund",
                    FILESYSTEM).redirectErrorStream(true).redirectOutput(PREFIX.resolveSibling("npm-install.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // not this JVM's stdout: the test runner talks to its fork over it
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm install " + FILESYSTEM + " failed; see " + PREFIX.resolveSibling("npm-install.log"));
            }
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", entry.toString()));
        for (Path root : roots) {
            command.add(root.toString());
        }
        return command;
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
