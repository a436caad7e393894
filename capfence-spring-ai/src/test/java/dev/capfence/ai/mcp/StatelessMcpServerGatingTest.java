package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The same gate on a STATELESS MCP server: converted ToolCallbacks and {@code @McpTool} methods. */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STATELESS",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
class StatelessMcpServerGatingTest {

    @LocalServerPort int port;
    @Autowired McpTestServer.Counters counters;

    McpSyncClient client;

    @BeforeEach
    void connect() {
        counters.reset();
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + port).build()).build();
        client.initialize();
    }

    @AfterEach
    void close() {
        client.closeGracefully();
    }

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

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }
}
