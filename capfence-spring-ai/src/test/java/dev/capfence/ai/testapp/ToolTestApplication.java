package dev.capfence.ai.testapp;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.CapFenceActor;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * A Spring AI application with tools of every kind and a scripted model. Its settings live in its own property
 * file, not application.properties, so the MCP test applications of this module do not inherit them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@PropertySource("classpath:tool-test.properties")
public class ToolTestApplication {

    /** The input of {@code fnTool}. */
    public record FnInput(String text) {
    }

    @Bean
    Counters counters() {
        return new Counters();
    }

    @Bean
    ScriptedChatModel chatModel() {
        return new ScriptedChatModel();
    }

    @Bean
    InMemoryAuditSink auditSink() {
        return InMemoryAuditSink.create();
    }

    @Bean
    FileTools fileTools(Counters counters) {
        return new FileTools(counters);
    }

    @Bean
    PaymentTools paymentTools(Counters counters) {
        return new PaymentTools(counters);
    }

    @Bean
    ToolCallbackProvider fileToolsProvider(FileTools fileTools) {
        return MethodToolCallbackProvider.builder().toolObjects(fileTools).build();
    }

    @Bean
    ToolCallbackProvider paymentToolsProvider(PaymentTools paymentTools) {
        return MethodToolCallbackProvider.builder().toolObjects(paymentTools).build();
    }

    // The actor the tool saw comes back in the result.
    @Bean
    ToolCallback fnTool(Counters counters) {
        return FunctionToolCallback.builder("fnTool", (FnInput in, ToolContext context) -> {
                    counters.fn.incrementAndGet();
                    return "fn:" + in.text() + " by " + CapFenceActor.currentActor();
                })
                .description("Echoes text")
                .inputType(FnInput.class)
                .build();
    }
}
