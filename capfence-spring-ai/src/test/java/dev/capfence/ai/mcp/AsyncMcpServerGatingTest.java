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
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The same gate on an ASYNC MCP server: converted ToolCallbacks and reactive {@code @McpTool} methods. */
@SpringBootTest(classes = {McpTestServer.class, AsyncMcpServerGatingTest.ReactiveTools.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.server.type=ASYNC",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
class AsyncMcpServerGatingTest {

    @Configuration(proxyBeanMethods = false)
    static class ReactiveTools {

        @Bean
        Purger purger(McpTestServer.Counters counters) {
            return new Purger(counters);
        }
    }

    static final class Purger {

        private final McpTestServer.Counters counters;

        Purger(McpTestServer.Counters counters) {
            this.counters = counters;
        }

        @McpTool(name = "wipe_cache", description = "Wipes a cache")
        public Mono<String> wipeCache(@McpToolParam(description = "the cache") String cache) {
            return Mono.fromSupplier(() -> {
                counters.ran("wipe_cache");
                return "wiped " + cache;
            });
        }
    }

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
        CallToolResult result = call("echo", Map.of("text", "hi"));

        assertThat(result.isError()).isFalse();
        assertThat(counters.runs("echo")).isEqualTo(1);
    }

    @Test
    void deniedToolNeverRuns() {
        CallToolResult result = call("wipe_disk", Map.of("device", "/dev/sda"));

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text())
                .isEqualTo("CapFence denied wipe_disk: Wiping disks is not allowed");
        assertThat(counters.runs("wipe_disk")).isZero();
    }

    @Test
    void reactiveMcpToolMethodsAreGated() {
        assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("wipe_cache");

        CallToolResult result = call("wipe_cache", Map.of("cache", "sessions"));

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text()).startsWith("CapFence denied wipe_cache: ");
        assertThat(counters.runs("wipe_cache")).isZero();
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }
}
