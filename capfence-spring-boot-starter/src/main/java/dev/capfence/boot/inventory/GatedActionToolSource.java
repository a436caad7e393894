package dev.capfence.boot.inventory;

import dev.capfence.boot.aspect.EnvironmentResolver;
import dev.capfence.boot.aspect.GatedAction;
import dev.capfence.boot.aspect.GatedActionInterceptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
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
                    tools.add(new InventoriedTool(toolName(gate, userClass, method), KIND, capability(gate),
                            proxied(name)));
                }
            }
        }
        return tools;
    }

    private boolean proxied(String beanName) {
        Object bean = beans.containsSingleton(beanName) ? beans.getSingleton(beanName) : null;
        if (bean == null) {
            return true;
        }
        if (bean instanceof Advised advised) {
            for (Advisor advisor : advised.getAdvisors()) {
                if (advisor.getAdvice() instanceof GatedActionInterceptor) {
                    return true;
                }
            }
        }
        return false;
    }

    // The names the advisor records: the annotation's, else SimpleClassName.method.
    private static String toolName(GatedAction gate, Class<?> type, Method method) {
        return gate.tool().isEmpty() ? type.getSimpleName() + "." + method.getName() : gate.tool();
    }

    // As the event derives it: explicit, else resource.action[.environment].
    private String capability(GatedAction gate) {
        if (!gate.capability().isEmpty()) {
            return gate.capability();
        }
        if (gate.resource().isEmpty() || gate.action().isEmpty()) {
            return null;
        }
        String env = gate.environment().isEmpty() ? environment.get().environment() : gate.environment();
        return gate.resource() + "." + gate.action() + (env == null || env.isBlank() ? "" : "." + env);
    }
}
