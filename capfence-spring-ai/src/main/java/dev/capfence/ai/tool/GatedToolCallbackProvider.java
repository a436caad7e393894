package dev.capfence.ai.tool;

import java.util.Arrays;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * A {@link ToolCallbackProvider} whose callbacks are all gated. Not for MCP client providers: Spring AI recognises
 * those by their class, so they must keep it (their callbacks are gated where they are run).
 */
public final class GatedToolCallbackProvider implements ToolCallbackProvider {

    private final ToolCallbackProvider delegate;
    private final ToolGate gate;

    private GatedToolCallbackProvider(ToolCallbackProvider delegate, ToolGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    /** Gates {@code provider}'s callbacks; a provider that is already gated is returned as it is. */
    public static ToolCallbackProvider of(ToolCallbackProvider provider, ToolGate gate) {
        return provider instanceof GatedToolCallbackProvider ? provider : new GatedToolCallbackProvider(provider, gate);
    }

    /**
     * Gates a provider bean that must keep its class and other interfaces (the application injects it by them): a
     * proxy of it whose callbacks are gated.
     */
    public static Object proxyOf(ToolCallbackProvider provider, ToolGate gate) {
        return GatedToolCallInterceptor.proxy(provider, gate);
    }

    public ToolCallbackProvider delegate() {
        return delegate;
    }

    // Asked each time: a provider may list different tools over time.
    @Override
    public ToolCallback[] getToolCallbacks() {
        return Arrays.stream(delegate.getToolCallbacks())
                .map(callback -> GatedToolCallback.of(callback, gate))
                .toArray(ToolCallback[]::new);
    }
}
