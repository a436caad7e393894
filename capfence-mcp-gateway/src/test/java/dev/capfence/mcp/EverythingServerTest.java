package dev.capfence.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The npm everything server in its Streamable HTTP mode behind the gateway ({@code --upstream-url}), driven by the
 * official TypeScript SDK client over HTTP ({@code --listen}) and by the MCP Java SDK client over stdio.
 */
class EverythingServerTest {

    static final String POLICY = """
            version: 1
            name: everything-gateway
            deny:
              - id: env-stays-private
                capability: mcp.everything.get-env
                reason: The environment stays private
            allow:
              - id: harmless
                capability: [mcp.everything.echo, mcp.everything.get-sum, mcp.everything.trigger-long-running-operation,
                             mcp.everything.trigger-sampling-request]
            """;
    static final String TOKEN = "a-listener-token-for-the-ts-client";

    @TempDir
    Path dir;
    Process server;
    String url;

    @BeforeEach
    void startServer() throws Exception {
        List<String> command = NodeServers.everythingOverHttp();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("everything.log").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        server = pb.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(server.isAlive()).as("the everything server exited: " + log()).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        url = "http://127.0.0.1:" + port + "/mcp";
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("everything.log"));
    }

    @Test
    void theTypeScriptSdkClientOverHttpThroughTheGateway() throws Exception {
        Path script = NodeServers.script("ts-client.mjs");
        Path audit = dir.resolve("audit.jsonl");
        JsonNode seen;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(audit).open();
             McpGateway.Listening listening = McpGateway.builder()
                     .runtime(ActionRuntime.builder().policy(Policy.parse(POLICY, "p.yaml")).auditSink(sink).build())
                     .serverName("everything").upstream(UpstreamUrl.of(url)).build()
                     .listen(new InetSocketAddress("127.0.0.1", 0), TOKEN)) {
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), listening.uri().toString())
                    .redirectError(dir.resolve("ts-client.err").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("MCP_TOKEN", TOKEN);
            Process client = pb.start();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).as(Files.readString(dir.resolve("ts-client.err")) + "\n" + log()).isZero();
            seen = Json.MAPPER.readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        }
        assertThat(seen.path("server").asString()).contains("everything");
        assertThat(seen.path("tools").findValuesAsString("")).isEmpty();
        assertThat(names(seen.path("tools"))).contains("echo", "get-env", "get-sum", "trigger-sampling-request");
        assertThat(seen.path("echo").path("isError").asBoolean()).isFalse();
        assertThat(seen.path("echo").path("text").asString()).isEqualTo("Echo: hello");
        assertThat(seen.path("sum").asString()).contains("5");
        assertThat(seen.path("denied").path("isError").asBoolean()).isTrue();
        assertThat(seen.path("denied").path("text").asString()).isEqualTo("CapFence denied get-env: The environment stays private");
        assertThat(seen.path("denied").path("meta").path("dev.capfence/verdict").path("rule_id").asString())
                .isEqualTo("env-stays-private");
        // progress notifications and the server's own sampling request crossed the gateway both ways
        assertThat(seen.path("longRun").path("isError").asBoolean()).isFalse();
        assertThat(seen.path("longRun").path("progress")).isNotEmpty();
        assertThat(seen.path("sampling").path("text").asString()).contains("sampled: ");
        assertThat(seen.path("prompts")).isNotEmpty();
        assertThat(seen.path("resources").asInt()).isPositive();

        assertThat(AuditVerifier.create().verify(audit).intact()).isTrue();
        String records = Files.readString(audit);
        assertThat(records).contains("\"capability\":\"mcp.everything.get-env\"", "\"decision\":\"deny\"",
                "\"capability\":\"mcp.everything.echo\"");
    }

    @Test
    void theJavaSdkClientOverStdioThroughTheGatewayToTheHttpServer() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        List<String> args = List.of("-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                "--policy", policy.toString(), "--server-name", "everything", "--upstream-url", url);
        ServerParameters gateway = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(args).build();
        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(gateway, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).contains("everything");
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("echo", "get-env");
            McpSchema.CallToolResult echo = client.callTool(McpSchema.CallToolRequest.builder().name("echo")
                    .arguments(Map.of("message", "over stdio")).build());
            assertThat(((McpSchema.TextContent) echo.content().get(0)).text()).isEqualTo("Echo: over stdio");
            McpSchema.CallToolResult env = client.callTool(McpSchema.CallToolRequest.builder().name("get-env")
                    .arguments(Map.of()).build());
            assertThat(env.isError()).isTrue();
            assertThat(((McpSchema.TextContent) env.content().get(0)).text())
                    .isEqualTo("CapFence denied get-env: The environment stays private");
            assertThat(client.listPrompts().prompts()).isNotEmpty();
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
