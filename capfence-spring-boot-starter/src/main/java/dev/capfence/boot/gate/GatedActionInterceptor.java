package dev.capfence.boot.gate;

import dev.capfence.boot.GatedAction;
import dev.capfence.boot.RefusedCall;

import dev.capfence.event.ActionEvent;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Decides every {@link GatedAction} call before the method body runs, through {@link GatedCalls}: the body runs only
 * when authorized and its outcome is audited. For methods returning a {@code CompletionStage}, {@code Mono} or
 * {@code Flux} the decision is made when the method is called, before the work is started or subscribed to, and the
 * outcome recorded when the work is over. A refusal goes to the {@code RefusalHandler} (by default: thrown).
 */
public final class GatedActionInterceptor implements MethodInterceptor {

    private final GatedCalls calls;
    private final ArgumentMapper arguments = new ArgumentMapper();

    public GatedActionInterceptor(GatedCalls calls) {
        this.calls = calls;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        Class<?> targetClass = invocation.getThis() != null ? AopUtils.getTargetClass(invocation.getThis())
                : method.getDeclaringClass();
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        GatedAction gate = AnnotatedElementUtils.findMergedAnnotation(specific, GatedAction.class);
        if (gate == null) {
            gate = AnnotatedElementUtils.findMergedAnnotation(method, GatedAction.class);
        }
        if (gate == null || CallChain.takeDecisionFor(specific)) {
            return invocation.proceed(); // not gated, or this call was decided already (as a tool, for this method)
        }
        GatedCall call = GatedCall.of(RefusedCall.Route.METHOD, envelope(gate, targetClass, specific),
                        GatedActionInterceptor::throwRefusal)
                .payload(arguments.payload(specific, invocation.getArguments()))
                .returns(method.getReturnType())
                .method(specific)
                .build();
        try {
            return calls.run(call, () -> {
                try {
                    return invocation.proceed();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new ThrowableCarrier(t);
                }
            });
        } catch (ThrowableCarrier carrier) {
            throw carrier.getCause();
        }
    }

    private static Object throwRefusal(RefusedCall refused) {
        throw refused.exception();
    }

    /**
     * What a call of {@code method} is decided as, before its actor and arguments are known: tool name (the
     * annotation's, else {@code SimpleClassName.method}), resource, action, environment and capability. Shared with
     * the tool inventory so that it lists exactly what the gate decides.
     */
    public static ActionEvent.Builder envelope(GatedAction gate, Class<?> targetClass, Method method,
                                               EnvironmentResolver environment) {
        return envelope(gate, targetClass, method)
                .environment(gate.environment().isEmpty() ? environment.environment() : gate.environment());
    }

    /** As above, with the environment left to the application's when the annotation names none. */
    public static ActionEvent.Builder envelope(GatedAction gate, Class<?> targetClass, Method method) {
        return ActionEvent.builder()
                .tool(gate.tool().isEmpty() ? targetClass.getSimpleName() + "." + method.getName() : gate.tool())
                .resource(blankToNull(gate.resource()))
                .action(blankToNull(gate.action()))
                .environment(blankToNull(gate.environment()))
                .capability(blankToNull(gate.capability()));
    }

    /** Whether {@code bean} is a proxy that this advice gates: its {@code @GatedAction} methods are decided. */
    public static boolean advises(Object bean) {
        if (bean instanceof Advised advised) {
            for (Advisor advisor : advised.getAdvisors()) {
                if (advisor.getAdvice() instanceof GatedActionInterceptor) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Carries an Error (or other Throwable) through the executor, which may only throw Exceptions. */
    private static final class ThrowableCarrier extends Exception {
        ThrowableCarrier(Throwable cause) {
            super(cause);
        }
    }
}
