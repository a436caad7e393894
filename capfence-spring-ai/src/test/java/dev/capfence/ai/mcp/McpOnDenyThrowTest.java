package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** With {@code capfence.ai.on-deny=throw} an MCP client still gets an error and the tool still never runs. */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
                "capfence.ai.on-deny=throw",
        })
class McpOnDenyThrowTest extends McpServerTestBase {

    @Test
    void aThrownRefusalReachesTheClientAsAnErrorAndTheToolNeverRuns() {
        // The refusal is thrown out of the tool callback; Spring AI's MCP server turns it into an error result.
        CallToolResult refused = call("wipe_disk", Map.of("device", "/dev/sda"));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("Wiping disks is not allowed").contains("policy_deny");
        assertThat(counters.runs("wipe_disk")).isZero();

        CallToolResult allowed = call("echo", Map.of("text", "hi"));
        assertThat(allowed.isError()).isFalse();
        assertThat(text(allowed)).contains("echo:hi");
    }

    @Test
    void aThrownRefusalOfAnMcpToolMethodIsAJsonRpcError() {
        // No Spring AI callback in between: the exception leaves the tool handler, the server answers with an error.
        assertThatThrownBy(() -> call("delete_file", Map.of("name", "keep.txt")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Files are never deleted by agents").hasMessageContaining("policy_deny");
        assertThat(counters.runs("delete_file")).isZero();
    }
}
