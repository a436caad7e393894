package dev.capfence.ai.autoconfigure;

import dev.capfence.ai.mcp.CanonicalMcpToolNames;
import dev.capfence.ai.mcp.McpServerToolsPostProcessor;
import dev.capfence.ai.mcp.McpToolSource;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.inventory.ToolSource;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.ai.mcp.AsyncMcpToolCallbackProvider;
import org.springframework.ai.mcp.McpToolNamePrefixGenerator;
import org.springframework.ai.mcp.SyncMcpToolCallbackProvider;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gates MCP tools: every tool this application's MCP server runs, and the canonical names of the tools of the remote
 * MCP servers it is a client of (their calls are gated where they run, through {@code GatedToolCallback}).
 */
@AutoConfiguration(after = CapFenceAiAutoConfiguration.class)
@ConditionalOnClass(name = "io.modelcontextprotocol.spec.McpSchema")
@ConditionalOnBean(ToolGate.class)
public class CapFenceMcpAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.modelcontextprotocol.server.McpServerFeatures")
    static class Server {

        // static: a post-processor is created before the other beans.
        @Bean
        static McpServerToolsPostProcessor capFenceMcpServerTools(ObjectProvider<ToolGate> gate) {
            return new McpServerToolsPostProcessor(gate);
        }

        @Bean
        ToolSource capFenceMcpServerToolSource(ToolGate gate, McpServerToolsPostProcessor gated,
                                               ObjectProvider<McpSyncServer> sync,
                                               ObjectProvider<McpAsyncServer> async) {
            return new McpToolSource(gate, gated::gatedTools, () -> Stream.concat(
                    sync.stream().flatMap(s -> s.listTools().stream()),
                    async.stream().flatMap(s -> s.listTools().toStream())).map(tool -> tool.name()),
                    Stream::empty);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.ai.mcp.McpToolNamePrefixGenerator")
    static class Client {

        @Bean
        static CanonicalMcpToolNames capFenceMcpToolNames() {
            return new CanonicalMcpToolNames();
        }

        /** Records the name Spring AI generates for each remote tool, so its canonical name is known. */
        @Bean
        static BeanPostProcessor capFenceMcpToolNameRecorder(ObjectProvider<CanonicalMcpToolNames> names) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof McpToolNamePrefixGenerator generator
                            ? names.getObject().recording(generator) : bean;
                }
            };
        }

        @Bean
        ToolSource capFenceMcpClientToolSource(ToolGate gate, ObjectProvider<SyncMcpToolCallbackProvider> sync,
                                               ObjectProvider<AsyncMcpToolCallbackProvider> async) {
            return new McpToolSource(gate, Set::of, Stream::empty,
                    () -> Stream.<ToolCallbackProvider>concat(sync.stream(), async.stream()));
        }
    }
}
