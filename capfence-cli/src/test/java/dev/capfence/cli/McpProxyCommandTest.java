package dev.capfence.cli;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
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

    @Test
    void mcpPinsUpdateTakesEitherACommandOrAnUpstreamUrl() throws Exception {
        Cli.Run both = Cli.run("mcp-pins", "update", "--pins", dir.resolve("p.json").toString(), "--upstream-url",
                "http://127.0.0.1:1/mcp", "--", "true");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Cli.Run unreachable = Cli.run("mcp-pins", "update", "--pins", dir.resolve("p.json").toString(), "--upstream-url",
                "http://127.0.0.1:1/mcp");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("capfence mcp-pins update: the MCP server answered with an error",
                "could not be reached");
        assertThat(dir.resolve("p.json")).doesNotExist();
    }

    @Test
    void takesEitherACommandOrAnUpstreamUrl() throws Exception {
        Cli.Run both = Cli.run("mcp-proxy", "--policy", policy().toString(), "--upstream-url", "http://127.0.0.1:1/mcp",
                "--", "true");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either as a COMMAND after -- or as --upstream-url, not both");
        Cli.Run notHttp = Cli.run("mcp-proxy", "--policy", policy().toString(), "--upstream-url", "file:///etc/passwd");
        assertThat(notHttp.exit()).isEqualTo(2);
        assertThat(notHttp.err()).contains("--upstream-url takes an http or https URL");
        Cli.Run headerForCommand = Cli.run("mcp-proxy", "--policy", policy().toString(), "--upstream-header", "X-A=b",
                "--", "true");
        assertThat(headerForCommand.exit()).isEqualTo(2);
        assertThat(headerForCommand.err()).contains("--upstream-header goes with --upstream-url");
        Cli.Run unset = Cli.run("mcp-proxy", "--policy", policy().toString(), "--upstream-url", "http://127.0.0.1:1/mcp",
                "--upstream-header", "Authorization=env:CAPFENCE_TEST_UNSET_VARIABLE");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("the variable CAPFENCE_TEST_UNSET_VARIABLE is not set");
    }

    @Test
    void refusesToServeBeyondLoopbackWithoutAToken() throws Exception {
        Cli.Run open = Cli.run("mcp-proxy", "--policy", policy().toString(), "--listen", "0.0.0.0:0", "--", "true");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err()).contains("not a loopback address, needs a bearer token");
        Cli.Run literal = Cli.run("mcp-proxy", "--policy", policy().toString(), "--listen", "127.0.0.1:0",
                "--listen-token", "s3cret-on-the-command-line", "--", "true");
        assertThat(literal.exit()).isEqualTo(2);
        assertThat(literal.err()).contains("--listen-token takes env:VAR").doesNotContain("s3cret-on-the-command-line");
        Cli.Run badAddress = Cli.run("mcp-proxy", "--policy", policy().toString(), "--listen", "localhost:http", "--", "true");
        assertThat(badAddress.exit()).isEqualTo(2);
        assertThat(badAddress.err()).contains("--listen takes HOST:PORT");
    }

    @Test
    void servesClientsOverHttpWithTheBearerToken() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                name: p
                deny:
                  - capability: mcp.s.wipe
                    reason: Nothing is wiped
                allow:
                  - capability: mcp.s.t
                """);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CapFenceCommand.class.getName(), "mcp-proxy",
                "--policy", policy.toString(), "--server-name", "s", "--listen", "127.0.0.1:" + port,
                "--listen-token", "env:CAPFENCE_TEST_LISTEN_TOKEN", "--"));
        command.addAll(SED_SERVER);
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        String token = "listen-token-0123456789";
        pb.environment().put("CAPFENCE_TEST_LISTEN_TOKEN", token);
        Process gateway = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(gateway.isAlive()).as(Files.readString(err)).isTrue();
                return Files.readString(err).contains("serving MCP clients at");
            });
            assertThat(Files.readString(err)).contains("http://127.0.0.1:" + port + "/mcp", "bearer token required")
                    .doesNotContain(token);
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/mcp");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, java.net.http.HttpRequest> post = (body, bearer) -> {
                java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
                return (bearer == null ? b : b.header("Authorization", "Bearer " + bearer)).build();
            };
            var handler = java.net.http.HttpResponse.BodyHandlers.ofString();
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
            assertThat(http.send(post.apply(init, null), handler).statusCode()).isEqualTo(401);
            var initialized = http.send(post.apply(init, token), handler);
            assertThat(initialized.statusCode()).isEqualTo(200);
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
            var allowed = http.send(java.net.http.HttpRequest.newBuilder(post.apply(call(2), token), (n, v) -> true)
                    .header("Mcp-Session-Id", session).build(), handler);
            assertThat(allowed.body()).contains("data: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\"");
            String wipe = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"wipe\"}}";
            var denied = http.send(java.net.http.HttpRequest.newBuilder(post.apply(wipe, token), (n, v) -> true)
                    .header("Mcp-Session-Id", session).build(), handler);
            assertThat(denied.body()).contains("\"isError\":true", "CapFence denied wipe: Nothing is wiped");
        } finally {
            gateway.destroy();
            assertThat(gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
