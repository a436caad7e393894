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

    /** Runs the proxy as a client does, as a process, with {@code requests} on its stdin; its replies. */
    private List<String> proxy(List<String> options, String... requests) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CapFenceCommand.class.getName(), "mcp-proxy"));
        command.addAll(options);
        command.add("--");
        command.addAll(SED_SERVER);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process gateway = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = gateway.getOutputStream()) {
            in.write((String.join("\n", requests) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(gateway.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).as(Files.readString(err)).isZero();
        return Files.readAllLines(out);
    }

    private static String call(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{}}}";
    }

    @Test
    void approvalsKeptInTheDatabaseLetTheSameCallThroughOnceAfterCapfenceApprovalsApprove() throws Exception {
        Path policy = Files.writeString(dir.resolve("approval.yaml"), """
                version: 1
                name: p
                require_approval:
                  - capability: mcp.s.t
                    reason: t needs a person
                approval:
                  approvers: [alice]
                """);
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        List<String> options = List.of("--policy", policy.toString(), "--server-name", "s", "--actor", "bob",
                "--jdbc-url", url, "--user", "sa");
        String asked = proxy(options, call(1)).get(0);
        assertThat(asked).contains("\"isError\":true", "needs approval", "--jdbc-url " + url);
        String id = asked.replaceAll(".*\"approval_id\":\"([^\"]+)\".*", "$1");
        assertThat(asked).contains("capfence approvals approve " + id);

        Cli.Run approved = Cli.run("approvals", "approve", id, "--as", "alice", "--policy", policy.toString(),
                "--jdbc-url", url, "--user", "sa");
        assertThat(approved.exit()).as(approved.err()).isZero();

        // the approved call reaches the server once; the identical next one waits for a new approval
        List<String> replies = proxy(options, call(2), call(3));
        assertThat(replies).hasSize(2);
        assertThat(replies).anySatisfy(r -> assertThat(r).startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\""));
        assertThat(replies).anySatisfy(r -> assertThat(r).contains("\"id\":3", "needs approval").doesNotContain(id));
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
