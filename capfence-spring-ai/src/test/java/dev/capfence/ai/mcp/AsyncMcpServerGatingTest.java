package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.boot.test.context.SpringBootTest;
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
class AsyncMcpServerGatingTest extends McpServerTestBase {

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
        assertThat(text(result))
                .isEqualTo("CapFence denied wipe_disk: Wiping disks is not allowed");
        assertThat(counters.runs("wipe_disk")).isZero();
    }

    @Test
    void reactiveMcpToolMethodsAreGated() {
        assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("wipe_cache");

        CallToolResult result = call("wipe_cache", Map.of("cache", "sessions"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("CapFence denied wipe_cache: ");
        assertThat(counters.runs("wipe_cache")).isZero();
    }
}
