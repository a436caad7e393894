package dev.capfence.ai.tool;

import java.lang.reflect.Modifier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;

/**
 * Gates the {@code call} methods of a tool callback bean that cannot be replaced by a {@link GatedToolCallback}
 * because the application also uses it by another interface or its class: the bean is proxied instead, keeping every
 * interface (and its class, unless final), and each call is decided as a {@link GatedToolCallback} decides it.
 */
final class GatedToolCallInterceptor implements MethodInterceptor {

    private final ToolCallback gated;

    private GatedToolCallInterceptor(ToolCallback target, ToolGate gate) {
        this.gated = GatedToolCallback.of(target, gate);
    }

    static Object proxy(ToolCallback callback, ToolGate gate) {
        ProxyFactory factory = new ProxyFactory(callback);
        factory.setProxyTargetClass(!AopUtils.isAopProxy(callback)
                && !Modifier.isFinal(callback.getClass().getModifiers()));
        factory.addAdvice(new GatedToolCallInterceptor(callback, gate));
        return factory.getProxy(callback.getClass().getClassLoader());
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
