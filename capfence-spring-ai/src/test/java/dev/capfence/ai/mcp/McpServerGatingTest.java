package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import dev.capfence.engine.ActionRuntime;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/** A real MCP client calls the tools of a real MCP server over streamable HTTP on loopback. */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.server.name=capfence-test-server",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
class McpServerGatingTest extends McpServerTestBase {

    @Autowired McpTestServer.FileTools files;
    @Autowired InMemoryAuditSink audit;
    @Autowired ActionRuntime runtime;
    @Autowired ObjectProvider<ToolSource> toolSources;
    @Autowired McpSyncServer server;

    @Test
    void allowedToolRuns() {
        CallToolResult result = call("echo", Map.of("text", "hi"));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).contains("echo:hi");
        assertThat(counters.runs("echo")).isEqualTo(1);
    }

    @Test
    void deniedToolIsAnErrorResultAndNeverRuns() {
        CallToolResult result = call("wipe_disk", Map.of("device", "/dev/sda"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("CapFence denied wipe_disk: Wiping disks is not allowed");
        assertThat(counters.runs("wipe_disk")).isZero();
    }

    @Test
    void mcpToolMethodsAreGated() throws Exception {
        assertThat(call("write_file", Map.of("name", "keep.txt", "content", "data")).isError()).isFalse();
        assertThat(files.dir().resolve("keep.txt")).hasContent("data");

        CallToolResult denied = call("delete_file", Map.of("name", "keep.txt"));

        assertThat(denied.isError()).isTrue();
        assertThat(text(denied)).isEqualTo("CapFence denied delete_file: Files are never deleted by agents");
        assertThat(counters.runs("delete_file")).isZero();
        assertThat(Files.exists(files.dir().resolve("keep.txt"))).isTrue();
    }

    @Test
    void specificationsTheApplicationDeclaresAreGated() {
        CallToolResult denied = call("reset_counters", Map.of());

        assertThat(denied.isError()).isTrue();
        assertThat(text(denied)).startsWith("CapFence denied reset_counters: ");
        assertThat(counters.runs("reset_counters")).isZero();
    }

    @Test
    void requireApprovalCarriesTheApprovalId() {
        CallToolResult result = call("transfer", Map.of("to", "bob", "amount", 5000));

        assertThat(result.isError()).isTrue();
        Matcher id = Pattern.compile("approval id (\\S+)\\)$").matcher(text(result));
        assertThat(id.find()).as(text(result)).isTrue();
        assertThat(text(result)).startsWith("CapFence denied transfer: Transfers over 1000 need approval");
        assertThat(runtime.approvals().get(id.group(1))).isPresent();
        assertThat(counters.runs("transfer")).isZero();

        assertThat(call("transfer", Map.of("to", "bob", "amount", 10)).isError()).isFalse();
        assertThat(counters.runs("transfer")).isEqualTo(1);
    }

    @Test
    void oneDecisionPerCallWhenTheToolCallbackIsGatedToo() {
        int before = decisions("tool.take_note").size();

        CallToolResult result = call("take_note", Map.of("note", "buy milk"));

        assertThat(result.isError()).isFalse();
        assertThat(counters.runs("take_note")).isEqualTo(1);
        List<Map<String, Object>> records = decisions("tool.take_note");
        assertThat(records).hasSize(before + 1);
        assertThat(records.get(records.size() - 1)).containsEntry("decision", "allow");
    }

    @Test
    void oneDecisionPerCallAndTheActorIsTheConfiguredDefault() {
        int before = decisions("tool.wipe_disk").size();

        call("wipe_disk", Map.of("device", "/dev/sdb"));

        List<Map<String, Object>> records = decisions("tool.wipe_disk");
        assertThat(records).hasSize(before + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) records.get(records.size() - 1).get("event");
        assertThat(event).containsEntry("actor", "mcp-agent").containsEntry("tool", "wipe_disk");
        assertThat(records.get(records.size() - 1)).containsEntry("decision", "deny");
    }

    @Test
    void inventoryListsEveryServerToolAsGated() {
        List<InventoriedTool> tools = toolSources.orderedStream().flatMap(s -> s.tools().stream())
                .filter(t -> t.kind().equals("mcp-server")).toList();

        assertThat(tools).extracting(InventoriedTool::name).containsExactlyInAnyOrder(
                "echo", "wipe_disk", "transfer", "take_note", "write_file", "delete_file", "reset_counters");
        assertThat(tools).allMatch(InventoriedTool::gated);
        assertThat(tools).filteredOn(t -> t.name().equals("echo")).extracting(InventoriedTool::capability)
                .containsExactly("tool.echo");
    }

    @Test
    void aToolAddedToTheRunningServerIsListedAsNotGated() {
        McpSchema.Tool tool = McpSchema.Tool.builder("late_tool", Map.of("type", "object", "properties", Map.of()))
                .build();
        server.addTool(new McpServerFeatures.SyncToolSpecification(tool,
                (exchange, request) -> CallToolResult.builder().addTextContent("late").build()));
        try {
            assertThat(toolSources.orderedStream().flatMap(s -> s.tools().stream()))
                    .contains(new InventoriedTool("late_tool", "mcp-server", "tool.late_tool", false))
                    .contains(new InventoriedTool("echo", "mcp-server", "tool.echo", true));
        } finally {
            server.removeTool("late_tool");
        }
    }



    /** The decision records of the audit chain for {@code capability}. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> decisions(String capability) {
        JsonMapper json = JsonMapper.builder().build();
        return audit.lines().stream().map(line -> (Map<String, Object>) json.readValue(line, Map.class))
                .filter(r -> "decision".equals(r.get("type")))
                .filter(r -> r.get("event") instanceof Map<?, ?> e && capability.equals(e.get("capability")))
                .toList();
    }
}
