package dev.capfence.ai.tool;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;

/** A {@link ToolCallbackResolver} that hands out gated callbacks: the tool loop's fallback by tool name. */
public final class GatedToolCallbackResolver implements ToolCallbackResolver {

    private final ToolCallbackResolver delegate;
    private final ToolGate gate;

    private GatedToolCallbackResolver(ToolCallbackResolver delegate, ToolGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    /** Gates what {@code resolver} resolves; a resolver that is already gated is returned as it is. */
    public static ToolCallbackResolver of(ToolCallbackResolver resolver, ToolGate gate) {
        return resolver instanceof GatedToolCallbackResolver ? resolver : new GatedToolCallbackResolver(resolver, gate);
    }

    @Override
    public ToolCallback resolve(String toolName) {
        ToolCallback callback = delegate.resolve(toolName);
        return callback == null ? null : GatedToolCallback.of(callback, gate);
    }
}
