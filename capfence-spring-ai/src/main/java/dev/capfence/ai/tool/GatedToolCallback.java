package dev.capfence.ai.tool;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/** A {@link ToolCallback} whose every call is decided by CapFence before the wrapped callback runs. */
public final class GatedToolCallback implements ToolCallback {

    private final ToolCallback delegate;
    private final ToolGate gate;
    private final String gatedName;

    private GatedToolCallback(ToolCallback delegate, ToolGate gate, String gatedName) {
        this.delegate = delegate;
        this.gate = gate;
        this.gatedName = gatedName;
    }

    /** Gates a callback under its canonical name; a callback that is already gated is returned as it is. */
    public static ToolCallback of(ToolCallback callback, ToolGate gate) {
        return callback instanceof GatedToolCallback ? callback : of(callback, gate, gate.canonicalName(callback));
    }

    /**
     * Gates a callback and decides its calls under {@code gatedName}, for tools that are known by several names
     * (an MCP client tool with or without its server prefix): rules are written against the one canonical name.
     */
    public static ToolCallback of(ToolCallback callback, ToolGate gate, String gatedName) {
        return callback instanceof GatedToolCallback ? callback : new GatedToolCallback(callback, gate, gatedName);
    }

    /**
     * Gates a callback bean that must keep its class and other interfaces (the application injects it by them): a
     * proxy of it whose {@code call} methods are decided, as this class decides them.
     */
    public static Object proxyOf(ToolCallback callback, ToolGate gate) {
        return GatedToolCallInterceptor.proxy(callback, gate);
    }

    /** Whether {@code callback}'s calls are decided: a gated callback, or a gated proxy of one. */
    public static boolean isGated(Object callback) {
        return callback instanceof GatedToolCallback || GatedToolCallInterceptor.gates(callback);
    }

    public ToolCallback delegate() {
        return delegate;
    }

    /** The name calls are decided under. */
    public String gatedName() {
        return gatedName;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return delegate.getToolDefinition();
    }

    @Override
    public ToolMetadata getToolMetadata() {
        return delegate.getToolMetadata();
    }

    @Override
    public String call(String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(String toolInput, ToolContext toolContext) {
        return gate.call(delegate, gatedName, toolInput, toolContext, () -> delegate.call(toolInput, toolContext));
    }

    @Override
    public String toString() {
        return "GatedToolCallback[" + gatedName + " -> " + delegate + "]";
    }
}
