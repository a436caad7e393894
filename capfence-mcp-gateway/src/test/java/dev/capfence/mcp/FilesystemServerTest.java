package dev.capfence.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalSettings;
import dev.capfence.approval.Approvals;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcGrantStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm filesystem server behind the gateway, the gateway started over stdio by the MCP Java SDK's client as any
 * MCP client starts a server.
 */
class FilesystemServerTest {

    @TempDir
    Path dir;

    @Test
    void gatesTheFilesystemServer() throws Exception {
        Path root = Files.createDirectories(dir.resolve("workspace")).toRealPath();
        Files.createDirectories(root.resolve("notes"));
        Files.createDirectories(root.resolve("drafts"));
        Files.writeString(root.resolve("readme.txt"), "hello from the workspace");
        Path outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
        List<String> server = NodeServers.filesystem(root);

        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                name: filesystem-gateway
                deny:
                  - id: no-secrets
                    capability: mcp.fs
                    path: {matches_any: ["**/.env"]}
                    reason: Secrets are never written
                  - id: writes-outside-workspace
                    capability: mcp.fs.write_file
                    path: {outside: ["ROOT"]}
                    reason: Writes stay inside the workspace
                require_approval:
                  - id: drafts-need-approval
                    capability: mcp.fs.write_file
                    path: {within: ["ROOT/drafts"]}
                    reason: Drafts need a person's approval
                allow:
                  - id: reads
                    capability: [mcp.fs.read_text_file, mcp.fs.list_allowed_directories, mcp.fs.list_directory]
                  - id: notes
                    capability: mcp.fs.write_file
                    path: {within: ["ROOT/notes"]}
                """.replace("ROOT", root.toString()));
        Path audit = dir.resolve("audit.jsonl");
        Path pins = dir.resolve("pins.json");
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("approvals") + ";AUTO_SERVER=TRUE";

        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), "--policy", policy.toString(), "--audit", audit.toString(),
                "--jdbc-url", jdbcUrl, "--pins", pins.toString(), "--server-name", "fs", "--hide-denied", "--"));
        args.addAll(server);
        ServerParameters gateway = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args(args).build();

        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(gateway, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).build()) {
            client.initialize();
            client.ping();

            // tools/list passes, pinned, without the tools no call to could ever be allowed
            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(tools).contains("read_text_file", "write_file", "list_allowed_directories")
                    .doesNotContain("move_file", "create_directory");
            assertThat(Files.readString(pins)).contains("\"read_text_file\"", "\"move_file\"");

            assertThat(text(call(client, "read_text_file", Map.of("path", root.resolve("readme.txt").toString()))))
                    .isEqualTo("hello from the workspace");
            assertThat(text(call(client, "list_allowed_directories", Map.of()))).contains(root.toString());

            McpSchema.CallToolResult noRule = call(client, "write_file",
                    Map.of("path", root.resolve("other.txt").toString(), "content", "x"));
            assertThat(noRule.isError()).isTrue();
            assertThat(text(noRule)).startsWith("CapFence denied write_file: ");
            assertThat(root.resolve("other.txt")).doesNotExist();

            McpSchema.CallToolResult secret = call(client, "write_file",
                    Map.of("path", root.resolve("notes/.env").toString(), "content", "TOKEN=x"));
            assertThat(text(secret)).isEqualTo("CapFence denied write_file: Secrets are never written");
            assertThat(root.resolve("notes/.env")).doesNotExist();

            McpSchema.CallToolResult escape = call(client, "write_file",
                    Map.of("path", root.resolve("notes/../../outside/x.txt").toString(), "content", "x"));
            assertThat(text(escape)).isEqualTo("CapFence denied write_file: Writes stay inside the workspace");
            assertThat(outside.resolve("x.txt")).doesNotExist();

            McpSchema.CallToolResult note = call(client, "write_file",
                    Map.of("path", root.resolve("notes/todo.txt").toString(), "content", "buy milk"));
            assertThat(note.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(root.resolve("notes/todo.txt")).hasContent("buy milk");

            // approval: the same call goes through once after an approver said yes
            Map<String, Object> draft = Map.of("path", root.resolve("drafts/plan.txt").toString(), "content", "the plan");
            McpSchema.CallToolResult asked = call(client, "write_file", draft);
            String approvalId = approvalId(asked);
            assertThat(text(asked)).contains("needs approval", approvalId, "capfence approvals approve " + approvalId);
            assertThat(root.resolve("drafts/plan.txt")).doesNotExist();
            approvals(jdbcUrl).approve(approvalId, "bob", "fine");

            assertThat(call(client, "write_file", draft).isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(root.resolve("drafts/plan.txt")).hasContent("the plan");
            Files.delete(root.resolve("drafts/plan.txt"));
            McpSchema.CallToolResult again = call(client, "write_file", draft);
            assertThat(again.isError()).isTrue();
            assertThat(approvalId(again)).isNotEqualTo(approvalId);
            assertThat(root.resolve("drafts/plan.txt")).doesNotExist();
        }
        assertThat(AuditVerifier.create().verify(audit).intact()).isTrue();
        assertThat(Files.readAllLines(audit)).anySatisfy(l -> assertThat(l).contains("\"approval_granted\""));
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static String approvalId(McpSchema.CallToolResult result) {
        Map<String, Object> verdict = (Map<String, Object>) result.meta().get("dev.capfence/verdict");
        assertThat(verdict).containsEntry("decision", "require_approval");
        return (String) verdict.get("approval_id");
    }

    private static Approvals approvals(String jdbcUrl) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(jdbcUrl);
        return new Approvals(JdbcApprovalStore.open(ds), JdbcGrantStore.open(ds), ApprovalSettings.DEFAULTS,
                Clock.systemUTC(), null);
    }
}
