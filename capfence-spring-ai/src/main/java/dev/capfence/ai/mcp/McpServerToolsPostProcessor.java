package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.ToolGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gates the MCP server tool specifications the application context holds. The MCP server auto-configuration builds
 * its server from the beans of type {@code List<…ToolSpecification>}: the ones made from {@code @McpTool} methods
 * ({@code toolSpecs}), the application's own, and the ones Spring AI converts from ToolCallbacks. Each list but the
 * converted ones is replaced by one whose specifications decide every call first. The converted ones call the
 * ToolCallback beans, which are gated already (so each call is decided once, by its callback) — unless MCP client
 * tools are re-exported ({@code spring.ai.mcp.server.expose-mcp-client-tools}), whose callbacks are not beans: then
 * the converted lists are gated too, and a ToolCallback bean exposed over MCP is decided twice, never not at all.
 */
public final class McpServerToolsPostProcessor implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware {

    // Spring AI's auto-configurations that turn ToolCallbacks into MCP tool specifications.
    private static final String CONVERTERS = "org.springframework.ai.mcp.server.";
    private static final String CONVERTER_SUFFIX = "ToolCallbackConverterAutoConfiguration";

    private final ObjectProvider<ToolGate> gate;
    private final Set<String> gatedTools = ConcurrentHashMap.newKeySet();
    private ConfigurableListableBeanFactory beanFactory;
    private boolean exposesClientTools;

    public McpServerToolsPostProcessor(ObjectProvider<ToolGate> gate) {
        this.gate = gate;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
            this.beanFactory = configurable;
        }
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.exposesClientTools = environment.getProperty("spring.ai.mcp.server.expose-mcp-client-tools",
                Boolean.class, false);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof List<?> specs) || specs.stream().map(McpToolSpecifications::toolName)
                .allMatch(Objects::isNull)) {
            return bean;
        }
        if (!exposesClientTools && convertedFromCallbacks(beanName)) {
            specs.stream().map(McpToolSpecifications::toolName).filter(Objects::nonNull).forEach(gatedTools::add);
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

    // Read from the bean's definition (its factory method's class), not from Spring AI's objects.
    private boolean convertedFromCallbacks(String beanName) {
        if (beanFactory == null || beanName == null || !beanFactory.containsBeanDefinition(beanName)) {
            return false;
        }
        if (beanFactory.getBeanDefinition(beanName) instanceof AnnotatedBeanDefinition definition
                && definition.getFactoryMethodMetadata() != null) {
            String declaring = definition.getFactoryMethodMetadata().getDeclaringClassName();
            return declaring.startsWith(CONVERTERS) && declaring.endsWith(CONVERTER_SUFFIX);
        }
        return false;
    }

    /** The names of the tools whose specifications were gated. */
    public Set<String> gatedTools() {
        return Set.copyOf(gatedTools);
    }
}
