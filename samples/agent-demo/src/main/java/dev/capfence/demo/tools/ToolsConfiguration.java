package dev.capfence.demo.tools;

import java.time.Duration;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tools as one {@link ToolCallbackProvider}: the chat agent uses it, and the MCP server serves it at /mcp. */
@Configuration(proxyBeanMethods = false)
public class ToolsConfiguration {

    @Bean
    Sandbox sandbox(@Value("${demo.sandbox:}") String directory) {
        return Sandbox.open(directory);
    }

    @Bean
    DemoTools demoTools(Sandbox sandbox, JdbcClient jdbc,
                        @Value("${demo.shell-timeout:10s}") Duration shellTimeout) {
        return new DemoTools(sandbox, jdbc, shellTimeout);
    }

    /**
     * No gating code here: capfence-spring-ai gates this provider's callbacks, the chat client's tool loop and the
     * MCP server's tool specifications, and {@code capfence.ai.require-gated} stops the start-up if a tool is not.
     */
    @Bean
    ToolCallbackProvider demoToolCallbacks(DemoTools tools) {
        return MethodToolCallbackProvider.builder().toolObjects(tools).build();
    }
}
