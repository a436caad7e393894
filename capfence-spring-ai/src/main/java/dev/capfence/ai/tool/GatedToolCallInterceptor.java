package dev.capfence.ai.tool;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/**
 * Gates a tool bean that cannot be replaced by a {@link GatedToolCallback} or {@link GatedToolCallbackProvider}
 * because the application also uses it by another interface or its class: the bean is proxied instead, keeping every
 * interface (and its class, unless final). A callback's {@code call} methods are decided as a
 * {@link GatedToolCallback} decides them; a provider hands out gated callbacks.
 */
final class GatedToolCallInterceptor implements MethodInterceptor {

    private final ToolCallback gated;
    private final ToolGate gate;

    private GatedToolCallInterceptor(ToolCallback target, ToolGate gate) {
        this.gated = target == null ? null : GatedToolCallback.of(target, gate);
        this.gate = gate;
    }

    static Object proxy(ToolCallback callback, ToolGate gate) {
        return proxy(callback, new GatedToolCallInterceptor(callback, gate));
    }

    static Object proxy(ToolCallbackProvider provider, ToolGate gate) {
        return proxy(provider, new GatedToolCallInterceptor(null, gate));
    }

    private static Object proxy(Object bean, GatedToolCallInterceptor interceptor) {
        ProxyFactory factory = new ProxyFactory(bean);
        factory.setProxyTargetClass(!AopUtils.isAopProxy(bean) && !Modifier.isFinal(bean.getClass().getModifiers()));
        factory.addAdvice(interceptor);
        return factory.getProxy(bean.getClass().getClassLoader());
    }

    static boolean gates(Object bean) {
        if (bean instanceof Advised advised) {
            for (var advisor : advised.getAdvisors()) {
                if (advisor.getAdvice() instanceof GatedToolCallInterceptor) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (gated == null) { // a provider: every callback it hands out is gated
            Object result = invocation.proceed();
            return invocation.getMethod().getName().equals("getToolCallbacks")
                    && result instanceof ToolCallback[] callbacks ? Arrays.stream(callbacks)
                    .map(callback -> GatedToolCallback.of(callback, gate)).toArray(ToolCallback[]::new) : result;
        }
        if (!invocation.getMethod().getName().equals("call")) {
            return invocation.proceed();
        }
        Object[] args = invocation.getArguments();
        if (args.length == 1 && args[0] instanceof String input) {
            return gated.call(input);
        }
        if (args.length == 2 && (args[0] == null || args[0] instanceof String)
                && (args[1] == null || args[1] instanceof ToolContext)) {
            return gated.call((String) args[0], (ToolContext) args[1]);
        }
        return invocation.proceed();
    }
}
