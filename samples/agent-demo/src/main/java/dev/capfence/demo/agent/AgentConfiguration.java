package dev.capfence.demo.agent;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

    /** The default model: scripted, no key, no network. The openai and ollama profiles bring a real one. */
    @Bean
    @Profile("!openai & !ollama")
    ChatModel scriptedChatModel() {
        return new ScriptedChatModel();
    }

    @Bean
    ToolCallLog toolCallLog() {
        return new ToolCallLog();
    }

    /** Built from the auto-configured builder, so the tool loop is Spring AI's own. */
    @Bean
    DemoAgent demoAgent(ChatClient.Builder builder, ToolCallbackProvider demoToolCallbacks, ToolCallLog log) {
        ChatClient chat = builder
                .defaultSystem("You are a support agent for a small shop. Use the tools to act; never guess a "
                        + "tool result. When a tool call is refused, say so and quote the reason.")
                .defaultTools(demoToolCallbacks)
                .build();
        return new DemoAgent(chat, log);
    }
}
