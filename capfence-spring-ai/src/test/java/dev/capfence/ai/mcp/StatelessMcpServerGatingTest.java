package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The same gate on a STATELESS MCP server: converted ToolCallbacks and {@code @McpTool} methods. */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STATELESS",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
class StatelessMcpServerGatingTest extends McpServerTestBase {

    @Test
    void allowedToolRuns() {
        assertThat(call("echo", Map.of("text", "hi")).isError()).isFalse();
        assertThat(counters.runs("echo")).isEqualTo(1);
    }

    @Test
    void deniedToolsNeverRun() {
        CallToolResult wipe = call("wipe_disk", Map.of("device", "/dev/sda"));
        CallToolResult delete = call("delete_file", Map.of("name", "a.txt"));

        assertThat(wipe.isError()).isTrue();
        assertThat(((TextContent) wipe.content().get(0)).text())
                .isEqualTo("CapFence denied wipe_disk: Wiping disks is not allowed");
        assertThat(delete.isError()).isTrue();
        assertThat(((TextContent) delete.content().get(0)).text())
                .isEqualTo("CapFence denied delete_file: Files are never deleted by agents");
        assertThat(counters.runs("wipe_disk")).isZero();
        assertThat(counters.runs("delete_file")).isZero();
    }
}
