package dev.capfence.ai.inventory;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.GatedToolCallbackProvider;
import dev.capfence.ai.tool.McpClientTools;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The Spring AI tool callbacks the application holds as beans: {@link ToolCallback} beans, the callbacks of
 * {@link ToolCallbackProvider} beans (MCP client providers are the MCP integration's to list) and
 * {@code List<ToolCallback>} beans. Gated means the bean itself decides every call, whoever calls it.
 */
public final class SpringAiToolSource implements ToolSource {

    /** The inventory kind of these tools. */
    public static final String KIND = "tool-callback";

    private final ListableBeanFactory beans;
    private final Supplier<ToolGate> gate;

    public SpringAiToolSource(ListableBeanFactory beans, Supplier<ToolGate> gate) {
        this.beans = beans;
        this.gate = gate;
    }

    @Override
    public List<InventoriedTool> tools() {
        List<InventoriedTool> tools = new ArrayList<>();
        // Singletons that exist: listing must not create beans.
        beans.getBeansOfType(ToolCallback.class, false, false).values()
                .forEach(callback -> tools.add(tool(callback, false)));
        beans.getBeansOfType(ToolCallbackProvider.class, false, false).values().stream()
                .filter(provider -> !McpClientTools.isProvider(provider.getClass()))
                .forEach(provider -> {
                    boolean gatedProvider = provider instanceof GatedToolCallbackProvider;
                    for (ToolCallback callback : provider.getToolCallbacks()) {
                        tools.add(tool(callback, gatedProvider));
                    }
                });
        for (List<?> list : beans.getBeansOfType(List.class, false, false).values()) {
            for (Object element : list) {
                if (element instanceof ToolCallback callback) {
                    tools.add(tool(callback, false));
                }
            }
        }
        return tools;
    }

    private InventoriedTool tool(ToolCallback callback, boolean gatedProvider) {
        ToolGate g = gate.get();
        String name = callback instanceof GatedToolCallback gated ? gated.gatedName() : g.canonicalName(callback);
        return new InventoriedTool(name, KIND, g.capabilityOf(name),
                gatedProvider || GatedToolCallback.isGated(callback));
    }
}
