package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.ToolGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gates every MCP server tool specification the application context holds. The MCP server auto-configuration builds
 * its server from the beans of type {@code List<…ToolSpecification>}: the ones converted from ToolCallbacks
 * ({@code syncTools}/{@code asyncTools}), the ones made from {@code @McpTool} methods ({@code toolSpecs}) and the
 * application's own. Each such list is replaced by one whose specifications decide every call first.
 */
final class McpServerToolsPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<ToolGate> gate;
    private final Set<String> gatedTools = ConcurrentHashMap.newKeySet();

    McpServerToolsPostProcessor(ObjectProvider<ToolGate> gate) {
        this.gate = gate;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof List<?> specs) || specs.stream().map(McpToolSpecifications::toolName)
                .allMatch(Objects::isNull)) {
            return bean;
        }
        List<Object> gated = new ArrayList<>(specs.size());
        for (Object spec : specs) {
            // The gate is looked up on the first call: these lists are built before most beans exist.
            Object wrapped = McpToolSpecifications.gate(spec, gate::getObject);
            if (wrapped != null) {
                gatedTools.add(McpToolSpecifications.toolName(spec));
            }
            gated.add(wrapped != null ? wrapped : spec);
        }
        return List.copyOf(gated);
    }

    /** The names of the tools whose specifications were gated. */
    Set<String> gatedTools() {
        return Set.copyOf(gatedTools);
    }
}
