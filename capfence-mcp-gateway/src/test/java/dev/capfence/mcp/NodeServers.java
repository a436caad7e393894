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
    static final String EVERYTHING = "@modelcontextprotocol/server-everything@2026.8.31";
    /** The official TypeScript SDK, for its client. */
    static final String TYPESCRIPT_SDK = "@modelcontextprotocol/sdk@1.32.2";
    static final Path PREFIX = Path.of("target", "mcp-servers").toAbsolutePath();

    private NodeServers() {
    }

    /** The command that starts the filesystem server, serving these directories. */
    static List<String> filesystem(Path... roots) throws IOException, InterruptedException {
        Path entry = install(FILESYSTEM, "@modelcontextprotocol/server-filesystem/dist/index.js");
        List<String> command = new java.util.ArrayList<>(List.of("node", entry.toString()));
        for (Path root : roots) {
            command.add(root.toString());
        }
        return command;
    }

    /** The command that starts the everything server in its Streamable HTTP mode (port from {@code PORT}). */
    static List<String> everythingOverHttp() throws IOException, InterruptedException {
        Path entry = install(EVERYTHING, "@modelcontextprotocol/server-everything/dist/index.js");
        return List.of("node", entry.toString(), "streamableHttp");
    }

    /** A node script from the test resources, copied next to the installed TypeScript SDK so it resolves it. */
    static Path script(String resource) throws IOException, InterruptedException {
        install(TYPESCRIPT_SDK, "@modelcontextprotocol/sdk/package.json");
        Path script = PREFIX.resolve(resource);
        try (var in = NodeServers.class.getResourceAsStream("/mcp/" + resource)) {
            Files.copy(java.util.Objects.requireNonNull(in, resource), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static synchronized Path install(String spec, String entryPath) throws IOException, InterruptedException {
        assumeTrue(available("node") && available("npm"),
                "node and npm are not installed: the tests against the npm MCP servers and client are skipped");
        Path entry = PREFIX.resolve("node_modules").resolve(entryPath);
        if (!Files.exists(entry)) {
            Files.createDirectories(PREFIX);
            Path log = PREFIX.resolveSibling("npm-install.log");
            Process npm = new ProcessBuilder("npm", "install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund",
                    "--save-exact", spec).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // not this JVM's stdout: the test runner talks to its fork over it
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm install " + spec + " failed; see " + log);
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
