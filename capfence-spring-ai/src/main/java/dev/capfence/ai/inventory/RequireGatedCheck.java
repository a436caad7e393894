package dev.capfence.ai.inventory;


import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.boot.inventory.GatedActionToolSource;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * {@code capfence.ai.require-gated=true}: start-up fails when a tool the application holds is not gated, every tool
 * bean existing by then. {@code @GatedAction} methods are not tool callbacks and are left out (the inventory still
 * shows them).
 */
public final class RequireGatedCheck implements ApplicationListener<ContextRefreshedEvent> {

    private final ObjectProvider<ToolSource> sources;
    private final ApplicationContext context;

    public RequireGatedCheck(ObjectProvider<ToolSource> sources, ApplicationContext context) {
        this.sources = sources;
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        List<InventoriedTool> ungated = sources.orderedStream()
                .flatMap(source -> source.tools().stream())
                .filter(tool -> !tool.gated() && !GatedActionToolSource.KIND.equals(tool.kind()))
                .toList();
        if (!ungated.isEmpty()) {
            throw new CapFenceConfigurationException("capfence.ai.require-gated is on and these tools are not gated: "
                    + ungated.stream().map(t -> t.name() + " [" + t.kind() + "]").collect(Collectors.joining(", ")),
                    "Expose each tool as a ToolCallback or ToolCallbackProvider bean created by the application "
                            + "context (not registered by hand), or wrap it with GatedToolCallback.of(callback, "
                            + "toolGate).");
        }
    }
}
