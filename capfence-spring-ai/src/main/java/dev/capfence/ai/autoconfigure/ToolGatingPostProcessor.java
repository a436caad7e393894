package dev.capfence.ai.autoconfigure;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.GatedToolCallbackProvider;
import dev.capfence.ai.tool.GatedToolCallbackResolver;
import dev.capfence.ai.tool.GatedToolCallingManager;
import dev.capfence.ai.tool.McpClientTools;
import dev.capfence.ai.tool.ToolGate;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Gates the beans every tool route goes through: the {@link ToolCallingManager} (whichever is there, auto-configured
 * or the application's), the {@link ToolCallbackResolver}, and each {@link ToolCallback}, non-MCP
 * {@link ToolCallbackProvider} and {@code List<ToolCallback>} bean, so a tool is gated when something calls it
 * directly too (the MCP server does). A callback or provider bean that also implements an interface of its own is
 * proxied instead of replaced, so whoever injects it by that interface (or its class) still can.
 */
final class ToolGatingPostProcessor implements BeanPostProcessor, Ordered {

    private final Supplier<ToolGate> gate;

    ToolGatingPostProcessor(Supplier<ToolGate> gate) {
        this.gate = gate;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ToolCallingManager manager) {
            return GatedToolCallingManager.of(manager, gate.get());
        }
        if (bean instanceof ToolCallbackResolver resolver) {
            return GatedToolCallbackResolver.of(resolver, gate.get());
        }
        if (bean instanceof ToolCallback callback) {
            return replaceable(bean, ToolCallback.class) ? GatedToolCallback.of(callback, gate.get())
                    : GatedToolCallback.isGated(bean) ? bean : GatedToolCallback.proxyOf(callback, gate.get());
        }
        if (bean instanceof ToolCallbackProvider provider && !McpClientTools.isProvider(bean.getClass())) {
            return replaceable(bean, ToolCallbackProvider.class) ? GatedToolCallbackProvider.of(provider, gate.get())
                    : GatedToolCallback.isGated(bean) ? bean : GatedToolCallbackProvider.proxyOf(provider, gate.get());
        }
        if (bean instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(ToolCallback.class::isInstance)) {
            return list.stream().map(callback -> GatedToolCallback.of((ToolCallback) callback, gate.get())).toList();
        }
        return bean;
    }

    // Replaceable when the bean offers no interface but the tool one (and Spring's life-cycle and proxy interfaces).
    private static boolean replaceable(Object bean, Class<?> toolType) {
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(bean.getClass())) {
            String name = type.getName();
            boolean harmless = type.isAssignableFrom(toolType) || name.startsWith("org.springframework.beans.")
                    || name.startsWith("org.springframework.context.") || name.startsWith("org.springframework.aop.")
                    || name.startsWith("org.springframework.cglib.") || name.startsWith("org.springframework.core.")
                    || name.equals("java.io.Serializable");
            if (!harmless) {
                return false;
            }
        }
        return true;
    }

    // After every other post-processor: a proxied callback is wrapped with its proxy.
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
