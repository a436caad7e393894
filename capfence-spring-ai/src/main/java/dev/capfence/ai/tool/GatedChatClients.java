package dev.capfence.ai.tool;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;

/**
 * For ChatClients built by hand ({@code ChatClient.builder(chatModel)}, {@code ChatClient.create(..)}): these bring
 * their own, ungated tool calling manager. Build them with {@link #builder(ChatModel, ToolGate)}, or pass
 * {@link #toolCallingAdvisor(ToolGate)} to the five-argument {@code ChatClient.builder}. (A ChatClient built from the
 * auto-configured {@code ChatClient.Builder} is gated already.)
 */
public final class GatedChatClients {

    private GatedChatClients() {
    }

    /** A ChatClient builder whose tool loop gates every tool call. */
    public static ChatClient.Builder builder(ChatModel chatModel, ToolGate gate) {
        return ChatClient.builder(chatModel, ObservationRegistry.NOOP, null, null, toolCallingAdvisor(gate));
    }

    /** The tool loop advisor builder, over a gated {@link #toolCallingManager(ToolGate)}. */
    public static ToolCallingAdvisor.Builder<?> toolCallingAdvisor(ToolGate gate) {
        return ToolCallingAdvisor.builder().toolCallingManager(toolCallingManager(gate));
    }

    /** Spring AI's default tool calling manager, gated. */
    public static ToolCallingManager toolCallingManager(ToolGate gate) {
        return GatedToolCallingManager.of(ToolCallingManager.builder().build(), gate);
    }
}
