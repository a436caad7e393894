package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With {@code capfence.ai.on-deny=throw} an MCP client still gets an error and the tool still never runs. */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
                "capfence.ai.on-deny=throw",
        })
class McpOnDenyThrowTest {

    @LocalServerPort int port;
    @Autowired McpTestServer.Counters counters;

    @Test
    void aThrownRefusalReachesTheClientAsAnErrorAndTheToolNeverRuns() {
        McpSyncClient client = McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://localhost:" + port).build()).build();
        try {
            client.initialize();
            // The exception leaves the tool handler, so the server answers with a JSON-RPC error, not a tool result.
            assertThatThrownBy(() -> client.callTool(
                    new CallToolRequest("wipe_disk", Map.of("device", "/dev/sda"))))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("Wiping disks is not allowed").hasMessageContaining("policy_deny");
            assertThat(counters.runs("wipe_disk")).isZero();

            CallToolResult allowed = client.callTool(new CallToolRequest("echo", Map.of("text", "hi")));
            assertThat(allowed.isError()).isFalse();
            assertThat(((TextContent) allowed.content().get(0)).text()).contains("echo:hi");
        } finally {
            client.closeGracefully();
        }
    }
}
