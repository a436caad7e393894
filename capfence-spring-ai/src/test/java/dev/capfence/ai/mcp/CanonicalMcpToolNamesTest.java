package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.McpConnectionInfo;

class CanonicalMcpToolNamesTest {

    @Test
    void theConnectionIsTheClientTitleAsSpringAiSetsItForSyncClients() {
        McpConnectionInfo info = connection(new McpSchema.Implementation("spring-ai-mcp-client - github", "github",
                "1.0.0"));

        assertThat(CanonicalMcpToolNames.connectionName(info)).isEqualTo("github");
    }

    @Test
    void withoutATitleTheConnectionIsTheEndOfTheClientNameAsForAsyncClients() {
        McpConnectionInfo info = connection(new McpSchema.Implementation("spring-ai-mcp-client - weather", "1.0.0"));

        assertThat(CanonicalMcpToolNames.connectionName(info)).isEqualTo("weather");
    }

    private static McpConnectionInfo connection(McpSchema.Implementation client) {
        return McpConnectionInfo.builder().clientCapabilities(McpSchema.ClientCapabilities.builder().build())
                .clientInfo(client).build();
    }
}
