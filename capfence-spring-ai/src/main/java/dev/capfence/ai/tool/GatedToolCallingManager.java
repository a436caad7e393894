package dev.capfence.ai.tool;

import java.util.List;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Decorates a {@link ToolCallingManager} so that every tool it runs is gated: the prompt's tool callbacks (default
 * and per-request ones alike) are wrapped in {@link GatedToolCallback} before the delegate executes them. The delegate
 * keeps doing everything else (tool call limits, the exception processor, observations, returnDirect); both
 * {@code ChatClient.call()} and {@code .stream()} execute tools through {@link #executeToolCalls}.
 *
 * <p>Callbacks the delegate resolves by name (the resolver fallback) are not in the prompt: they are gated when the
 * resolver hands out gated callbacks ({@link GatedToolCallbackResolver}, applied to the resolver bean).
 */
public final class GatedToolCallingManager implements ToolCallingManager {

    private final ToolCallingManager delegate;
    private final ToolGate gate;

    private GatedToolCallingManager(ToolCallingManager delegate, ToolGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    /** Gates {@code manager}; a manager that is already gated is returned as it is. */
    public static ToolCallingManager of(ToolCallingManager manager, ToolGate gate) {
        return manager instanceof GatedToolCallingManager ? manager : new GatedToolCallingManager(manager, gate);
    }

    public ToolCallingManager delegate() {
        return delegate;
    }

    @Override
    public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
        return delegate.resolveToolDefinitions(chatOptions);
    }

    @Override
    public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
        return delegate.executeToolCalls(gated(prompt), chatResponse);
    }

    // Only the prompt handed to the delegate changes: the caller's request and options stay as they were.
    private Prompt gated(Prompt prompt) {
        if (!(prompt.getOptions() instanceof ToolCallingChatOptions options) || options.getToolCallbacks() == null
                || options.getToolCallbacks().isEmpty()) {
            return prompt;
        }
        List<ToolCallback> wrapped = options.getToolCallbacks().stream()
                .map(callback -> GatedToolCallback.of(callback, gate))
                .toList();
        return new Prompt(prompt.getInstructions(), options.mutate().toolCallbacks(wrapped).build());
    }
}
