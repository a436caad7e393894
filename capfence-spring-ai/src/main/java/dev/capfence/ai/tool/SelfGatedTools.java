package dev.capfence.ai.tool;

import dev.capfence.boot.GatedAction;
import dev.capfence.boot.gate.GatedActionInterceptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.springframework.aop.support.AopUtils;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.method.MethodToolCallback;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@code @Tool} methods that are also {@link GatedAction}s called through their Spring proxy: the
 * {@code @GatedAction} advisor already decides each call (under the annotation's capability), so the callback must
 * not decide it a second time. {@link MethodToolCallback} does not expose its method and target, so they are read
 * from its fields; when they cannot be read the callback is gated as any other (two decisions, never none).
 */
final class SelfGatedTools {

    private static final Field METHOD = field("toolMethod");
    private static final Field TARGET = field("toolObject");

    private SelfGatedTools() {
    }

    static boolean isSelfGated(ToolCallback callback) {
        if (!(callback instanceof MethodToolCallback) || METHOD == null || TARGET == null) {
            return false;
        }
        Method method = (Method) ReflectionUtils.getField(METHOD, callback);
        Object target = ReflectionUtils.getField(TARGET, callback);
        if (method == null || !GatedActionInterceptor.advises(target)) {
            return false;
        }
        Method specific = AopUtils.getMostSpecificMethod(method, AopUtils.getTargetClass(target));
        return AnnotatedElementUtils.hasAnnotation(specific, GatedAction.class)
                || AnnotatedElementUtils.hasAnnotation(method, GatedAction.class);
    }

    private static Field field(String name) {
        Field field = ReflectionUtils.findField(MethodToolCallback.class, name);
        if (field == null) {
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(field);
            return field;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
