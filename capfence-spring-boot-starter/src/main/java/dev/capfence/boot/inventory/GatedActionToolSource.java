package dev.capfence.boot.inventory;

import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.boot.GatedAction;
import dev.capfence.boot.gate.GatedActionInterceptor;
import dev.capfence.event.ActionEvent;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link GatedAction} methods of the application's beans, found by scanning each bean's class. A method counts as
 * gated when its bean is proxied with the {@code @GatedAction} advisor (a bean not created yet, or not a singleton, is
 * taken to be: every instance is proxied alike); a bean the proxy could not reach (a singleton registered by hand) is
 * listed as not gated.
 */
public final class GatedActionToolSource implements ToolSource {

    /** The inventory kind of these tools. */
    public static final String KIND = "gated-action";

    private final ConfigurableListableBeanFactory beans;
    private final Supplier<EnvironmentResolver> environment;

    public GatedActionToolSource(ConfigurableListableBeanFactory beans, Supplier<EnvironmentResolver> environment) {
        this.beans = beans;
        this.environment = environment;
    }

    @Override
    public List<InventoriedTool> tools() {
        List<InventoriedTool> tools = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(List.of(beans.getBeanDefinitionNames()));
        names.addAll(List.of(beans.getSingletonNames()));
        for (String name : names) {
            Class<?> type = beans.getType(name, false);
            if (type == null) {
                continue;
            }
            Class<?> userClass = ClassUtils.getUserClass(type);
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, ReflectionUtils.USER_DECLARED_METHODS)) {
                GatedAction gate = AnnotatedElementUtils.findMergedAnnotation(method, GatedAction.class);
                if (gate != null) {
                    ActionEvent envelope = GatedActionInterceptor.envelope(gate, userClass, method, environment.get())
                            .build();
                    tools.add(new InventoriedTool(envelope.tool(), KIND, envelope.capability(), proxied(name)));
                }
            }
        }
        return tools;
    }

    private boolean proxied(String beanName) {
        Object bean = beans.containsSingleton(beanName) ? beans.getSingleton(beanName) : null;
        return bean == null || GatedActionInterceptor.advises(bean);
    }
}
