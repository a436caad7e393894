package dev.capfence.boot.gate;

import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.CapFenceObserver;
import dev.capfence.boot.DeferredResults;
import dev.capfence.boot.RefusalHandler;
import dev.capfence.boot.RefusedCall;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.StartedAction;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.ClassUtils;

/**
 * The one path every gated call takes — {@code @GatedAction} methods, Spring AI tool calls, MCP server tools: the
 * event (actor, environment, call chain), the decision, the body only when authorized, the outcome record when the
 * work is over (later, for {@link DeferredResults}), the observers, and the {@link RefusalHandler} for a refusal.
 */
public final class GatedCalls {

    private static final Log LOG = LogFactory.getLog(GatedCalls.class);

    /** What runs when the call is authorized. */
    @FunctionalInterface
    public interface Body {
        Object run() throws Exception;
    }

    private final Supplier<ActionRuntime> runtime;
    private final Supplier<ActorResolver> actors;
    private final Supplier<EnvironmentResolver> environment;
    private final Supplier<List<CapFenceObserver>> observers;
    private final Supplier<RefusalHandler> refusals;
    private final Supplier<List<DeferredResults>> deferred;

    // Suppliers: the method advisor is created before the runtime and the beans it depends on exist.
    public GatedCalls(Supplier<ActionRuntime> runtime, Supplier<ActorResolver> actors,
                      Supplier<EnvironmentResolver> environment, Supplier<List<CapFenceObserver>> observers,
                      Supplier<RefusalHandler> refusals, Supplier<List<DeferredResults>> deferred) {
        this.runtime = runtime;
        this.actors = actors;
        this.environment = environment;
        this.observers = observers;
        this.refusals = refusals;
        this.deferred = deferred;
    }

    /**
     * Decides {@code call}; runs {@code body} only when authorized, as the call's actor, with the call on the call
     * chain; returns its result, or the refusal handler's value for a refused call. A failure of the body propagates
     * unchanged, except that on a tool route a refusal of a gated call made inside the body becomes this call's
     * refusal (the model reads why).
     */
    public Object run(GatedCall call, Body body) throws Exception {
        ActionRuntime rt = runtime.get();
        String toolName = call.toolName();
        if (call.payload == null) {
            return refuse(call, rt.executeUnreadable(null, call.unreadable));
        }
        String actor = call.actor != null ? call.actor : actors.get().currentActor();
        ActionEvent.Builder builder = call.envelope.actor(actor).payload(call.payload);
        if (!builder.hasEnvironment()) {
            builder.environment(environment.get().environment());
        }
        String entry = CallChain.entry(actor, builder.capability());
        StartedAction started = rt.start(builder.context(CallChain.contextFor(entry)).build());
        if (!started.authorized()) {
            return refuse(call, started.verdict());
        }
        DeferredResults later = deferredFor(call.returnType);
        Object result;
        CallChain.push(entry, call.decidedFor);
        try {
            // Gated calls made by the body see the actor this call was decided for.
            result = actor != null ? CapFenceActor.runAs(actor, body::run) : body.run();
        } catch (Exception | Error e) {
            finish(started, toolName, e);
            ActionDeniedException inner = call.route != RefusedCall.Route.METHOD ? deniedCause(e) : null;
            if (inner != null) {
                return refuse(call, inner.verdict());
            }
            throw e;
        } finally {
            CallChain.pop();
        }
        if (later != null && result != null) {
            AtomicBoolean over = new AtomicBoolean();
            return later.whenDone(result, failure -> {
                if (over.compareAndSet(false, true)) {
                    finish(started, toolName, failure);
                }
            });
        }
        finish(started, toolName, null);
        return result;
    }

    private void finish(StartedAction started, String toolName, Throwable failure) {
        started.finish(failure);
        tell(toolName, started.verdict());
    }

    private Object refuse(GatedCall call, Verdict verdict) {
        tell(call.toolName(), verdict);
        Object value = refusals.get().handle(new RefusedCall(call.route, call.toolName(), verdict, call.returnType,
                call.method, call.routeDefault));
        Class<?> expected = call.returnType;
        if (expected == void.class || expected == Void.class) {
            return null;
        }
        if (value == null ? expected.isPrimitive() : !ClassUtils.isAssignableValue(expected, value)) {
            // The call stays refused either way; say which handler broke the contract.
            throw new IllegalStateException("CapFence: the refusal handler returned "
                    + (value == null ? "null" : "a " + value.getClass().getName()) + " for " + call.toolName()
                    + ", whose callers expect " + expected.getName());
        }
        return value;
    }

    private DeferredResults deferredFor(Class<?> returnType) {
        for (DeferredResults d : deferred.get()) {
            if (d.supports(returnType)) {
                return d;
            }
        }
        return null;
    }

    private void tell(String toolName, Verdict verdict) {
        for (CapFenceObserver observer : observers.get()) {
            try {
                observer.toolCallCompleted(toolName, verdict);
            } catch (RuntimeException e) { // an observer never changes a decision
                LOG.warn("CapFence observer " + observer + " failed", e);
            }
        }
    }

    // A gated call inside the body refused; frameworks wrap what a tool throws.
    private static ActionDeniedException deniedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ActionDeniedException denied) {
                return denied;
            }
        }
        return null;
    }
}
