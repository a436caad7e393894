package dev.capfence.boot.gate;

import dev.capfence.boot.GatedAction;

import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ApprovalRequiredException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Decides every {@link GatedAction} call before the method body runs; the body is the executor of
 * {@link ActionRuntime#execute}, so it runs only when authorized and its outcome is audited. For methods returning
 * a CompletableFuture or Mono the decision is made when the method is called, before the work is started or
 * subscribed to.
 */
public final class GatedActionInterceptor implements MethodInterceptor {

    private final Supplier<ActionRuntime> runtime;
    private final Supplier<ActorResolver> actors;
    private final Supplier<EnvironmentResolver> environment;
    private final ArgumentMapper arguments = new ArgumentMapper();

    // Suppliers: the advisor is created early (it is infrastructure), the runtime only on the first call.
    public GatedActionInterceptor(Supplier<ActionRuntime> runtime, Supplier<ActorResolver> actors,
                                  Supplier<EnvironmentResolver> environment) {
        this.runtime = runtime;
        this.actors = actors;
        this.environment = environment;
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
        if (gate == null) {
            return invocation.proceed();
        }
        String actor = actors.get().currentActor();
        ActionEvent.Builder call = envelope(gate, targetClass, specific, environment.get())
                .actor(actor)
                .payload(arguments.payload(specific, invocation.getArguments()));
        String entry = CallChain.entry(actor, call.capability());
        ActionEvent event = call.context(CallChain.contextFor(entry)).build();
        Execution<Object> run = runtime.get().execute(event, e -> {
            CallChain.push(entry);
            try {
                return invocation.proceed();
            } catch (Exception ex) {
                throw ex; // returned in the Execution and rethrown below, unchanged
            } catch (Throwable t) {
                throw new ThrowableCarrier(t);
            } finally {
                CallChain.pop();
            }
        });
        Verdict verdict = run.verdict();
        if (!verdict.toolInvoked()) {
            throw verdict.decision() == Decision.REQUIRE_APPROVAL
                    ? new ApprovalRequiredException(verdict) : new ActionDeniedException(verdict);
        }
        Exception failure = run.failure();
        if (failure instanceof ThrowableCarrier carrier) {
            throw carrier.getCause();
        }
        if (failure != null) {
            throw failure;
        }
        return run.result();
    }

    /**
     * What a call of {@code method} is decided as, before its actor and arguments are known: tool name (the
     * annotation's, else {@code SimpleClassName.method}), resource, action, environment and capability. Shared with
     * the tool inventory so that it lists exactly what the gate decides.
     */
    public static ActionEvent.Builder envelope(GatedAction gate, Class<?> targetClass, Method method,
                                               EnvironmentResolver environment) {
        return ActionEvent.builder()
                .tool(gate.tool().isEmpty() ? targetClass.getSimpleName() + "." + method.getName() : gate.tool())
                .resource(blankToNull(gate.resource()))
                .action(blankToNull(gate.action()))
                .environment(gate.environment().isEmpty() ? environment.environment() : gate.environment())
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
