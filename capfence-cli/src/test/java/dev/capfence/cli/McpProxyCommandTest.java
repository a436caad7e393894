package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpProxyCommandTest {

    /** A stand-in MCP server: answers every request with one tool named t, described as d. */
    static final List<String> SED_SERVER = List.of("sh", "-c", "sed -u -E '/\"id\"/!d; "
            + "s/^.*\"id\":([0-9]+).*$/{\"jsonrpc\":\"2.0\",\"id\":\\1,\"result\":{\"tools\":[{\"name\":\"t\","
            + "\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"}}]}}/'");

    @TempDir
    Path dir;

    Path policy() throws Exception {
        return Files.writeString(dir.resolve("policy.yaml"), "version: 1\nname: p\nallow:\n  - capability: mcp.s.t\n");
    }

    @Test
    void refusesAnEnvironmentValueWrittenOnTheCommandLine() throws Exception {
        Cli.Run run = Cli.run("mcp-proxy", "--policy", policy().toString(), "--upstream-env", "TOKEN=abc123", "--",
                "true");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--upstream-env takes NAME=env:VAR").doesNotContain("abc123");
    }

    @Test
    void refusesAMappingWithoutACapability() throws Exception {
        Cli.Run run = Cli.run("mcp-proxy", "--policy", policy().toString(), "--map", "write_file", "--", "true");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--map takes TOOL=CAPABILITY, not 'write_file'");
    }

    @Test
    void needsTheServerCommand() throws Exception {
        Cli.Run run = Cli.run("mcp-proxy", "--policy", policy().toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("COMMAND");
    }

    @Test
    void exitsOneWhenTheServerCannotStart() throws Exception {
        Cli.Run run = Cli.run("mcp-proxy", "--policy", policy().toString(), "--", dir.resolve("no-such-server").toString());
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void mcpPinsUpdateWritesTheServersDefinitions() throws Exception {
        Path pins = dir.resolve("pins.json");
        List<String> args = new java.util.ArrayList<>(List.of("mcp-pins", "update", "--pins", pins.toString(), "--"));
        args.addAll(SED_SERVER);
        Cli.Run run = Cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).isEqualTo(pins + ": 1 tool pinned (1 new, 0 changed, 0 removed)\n");
        assertThat(Files.readString(pins)).contains("\"t\" : \"sha256:");
    }
}
