package dev.capfence.ai.tool;

import dev.capfence.boot.ActionParam;
import dev.capfence.boot.GatedAction;
import dev.capfence.boot.gate.GatedActionInterceptor;
import dev.capfence.event.ActionEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.method.MethodToolCallback;
import org.springframework.ai.tool.support.ToolDefinitions;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code @Tool} methods of the application's beans that are also {@link GatedAction}s, found by the tool
 * definition Spring AI builds for them. A call of such a tool is decided once, by the tool route, as its annotation
 * says (capability, resource, action; the arguments named as {@code @ActionParam} names them); the method's advisor
 * takes that decision instead of deciding again. An instance that is not the proxied bean is decided all the same.
 */
final class GatedActionTools {

    /** A gated method and how its tool input becomes the payload its advisor would decide on. */
    record GatedTool(Method method, GatedAction gate, Class<?> type, Map<String, String> payloadNames) {

        /** What a call is decided as, before its actor and payload are known (a new builder each time). */
        ActionEvent.Builder envelope() {
            return GatedActionInterceptor.envelope(gate, type, method);
        }

        /** The tool input, named as the method's arguments are named for a decision. */
        Map<String, Object> payload(Map<String, Object> input) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payloadNames.forEach((inputName, payloadName) -> {
                if (input.containsKey(inputName)) {
                    payload.put(payloadName, input.get(inputName));
                }
            });
            return payload;
        }
    }

    private final ConfigurableListableBeanFactory beans;
    private volatile Map<ToolDefinition, GatedTool> byDefinition;

    GatedActionTools(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /** The gated method {@code callback} runs, or null when it is not a {@code @Tool} method of a bean's class. */
    GatedTool of(ToolCallback callback) {
        if (!(callback instanceof MethodToolCallback) || beans == null) {
            return null;
        }
        return index().get(callback.getToolDefinition());
    }

    // Built on the first tool call, when the application's beans are all defined.
    private Map<ToolDefinition, GatedTool> index() {
        Map<ToolDefinition, GatedTool> index = byDefinition;
        if (index == null) {
            index = new HashMap<>();
            for (String name : beans.getBeanDefinitionNames()) {
                Class<?> type = beans.getType(name, false);
                if (type != null) {
                    add(index, ClassUtils.getUserClass(type));
                }
            }
            byDefinition = index = Map.copyOf(index);
        }
        return index;
    }

    private static void add(Map<ToolDefinition, GatedTool> index, Class<?> type) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            GatedAction gate = AnnotatedElementUtils.findMergedAnnotation(method, GatedAction.class);
            if (gate != null && AnnotatedElementUtils.hasAnnotation(method, Tool.class)) {
                ToolDefinition definition;
                try {
                    definition = ToolDefinitions.from(method);
                } catch (RuntimeException e) {
                    // Spring AI cannot describe it either, so it offers no such tool; were it called, the tool
                    // route and the advisor would each decide it (twice, never not at all).
                    continue;
                }
                index.put(definition, new GatedTool(method, gate, type, payloadNames(method)));
            }
        }
    }

    // Spring AI names tool input properties after the parameters; the advisor names them as @ActionParam says.
    private static Map<String, String> payloadNames(Method method) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Parameter parameter : method.getParameters()) {
            ActionParam param = parameter.getAnnotation(ActionParam.class);
            if (ToolContext.class.isAssignableFrom(parameter.getType()) || param != null && param.exclude()) {
                continue;
            }
            names.put(parameter.getName(), param != null && !param.name().isEmpty() ? param.name() : parameter.getName());
        }
        return Map.copyOf(names);
    }
}
