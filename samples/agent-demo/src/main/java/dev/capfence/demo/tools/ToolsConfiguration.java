package dev.capfence.demo.tools;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.ToolGate;
import java.time.Duration;
import java.util.Arrays;
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

    @Bean
    ToolCallbackProvider demoToolCallbacks(DemoTools tools, ToolGate gate) {
        return ToolCallbackProvider.from(Arrays.stream(MethodToolCallbackProvider.builder().toolObjects(tools).build()
                .getToolCallbacks()).map(callback -> GatedToolCallback.of(callback, gate)).toList());
    }
}
