package dev.capfence.boot.inventory;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Every {@link ToolSource}'s tools together: logged once the context is refreshed (so that every tool bean exists),
 * and served by the actuator endpoint's {@code tools} section.
 */
public final class ToolInventory implements ApplicationListener<ContextRefreshedEvent> {

    private static final Log log = LogFactory.getLog(ToolInventory.class);

    private final ObjectProvider<ToolSource> sources;
    private final ApplicationContext context;

    public ToolInventory(ObjectProvider<ToolSource> sources, ApplicationContext context) {
        this.sources = sources;
        this.context = context;
    }

    /** Asked each time: MCP client tools and providers may change while the application runs. */
    public List<InventoriedTool> tools() {
        List<InventoriedTool> tools = new ArrayList<>();
        sources.orderedStream().forEach(source -> tools.addAll(source.tools()));
        return tools;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (event.getApplicationContext() != context) {
            return; // a child context (the management one) refreshing
        }
        List<InventoriedTool> tools = tools();
        long ungated = tools.stream().filter(t -> !t.gated()).count();
        log.info("CapFence tool inventory: " + tools.size() + " tools, " + ungated + " not gated");
        for (InventoriedTool tool : tools) {
            String line = "  " + tool.name() + " [" + tool.kind() + "] capability=" + tool.capability()
                    + " gated=" + (tool.gated() ? "yes" : "no");
            if (tool.gated()) {
                log.info(line);
            } else {
                log.warn(line);
            }
        }
    }
}
