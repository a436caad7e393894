package dev.capfence.ai.tool;


import dev.capfence.boot.CapFenceObserver;
import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.gate.CallChain;
import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.engine.ToolCalls;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.InvalidEventException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;

/**
 * Decides one tool call before the tool runs. The tool input JSON is the payload, the tool name maps to a
 * capability ({@code capfence.ai.tools.<name>.capability}, default {@code tool.<name>}), and the actor comes from the
 * {@link ToolContext} key {@value #ACTOR_KEY}, else the starter's {@link ActorResolver} (Spring Security,
 * {@code CapFenceActor.runAs}, {@code capfence.actor.default}). The tool body runs as the executor of
 * {@link ActionRuntime#execute}, so it runs only when authorized and its outcome is audited.
 */
public final class ToolGate {

    /** The {@link ToolContext} key naming the actor of a tool call. */
    public static final String ACTOR_KEY = "capfence.actor";

    /** The body of a tool: what runs when the call is authorized. */
    @FunctionalInterface
    public interface ToolBody {
        String run();
    }

    private final Supplier<ActionRuntime> runtime;
    private final ActorResolver actors;
    private final EnvironmentResolver environment;
    private final CapFenceAiProperties properties;
    private final List<CapFenceObserver> observers;
    private final List<CanonicalToolNames> canonicalNames;

    /** The call being run on this thread after its decision, until a nested gate of the same call takes it. */
    private final ThreadLocal<Decided> decidedCall = new ThreadLocal<>();

    private record Decided(String toolName, Map<String, Object> payload) {
    }

    public ToolGate(Supplier<ActionRuntime> runtime, ActorResolver actors, EnvironmentResolver environment,
                    CapFenceAiProperties properties, List<CapFenceObserver> observers,
                    List<CanonicalToolNames> canonicalNames) {
        this.runtime = runtime;
        this.actors = actors;
        this.environment = environment;
        this.properties = properties;
        this.observers = List.copyOf(observers);
        this.canonicalNames = List.copyOf(canonicalNames);
    }

    /** The capability a tool's calls are decided under. */
    public String capabilityOf(String toolName) {
        CapFenceAiProperties.Tool configured = properties.getTools().get(toolName);
        return configured != null && configured.getCapability() != null && !configured.getCapability().isBlank()
                ? configured.getCapability() : ToolCalls.defaultCapability(toolName);
    }

    /**
     * Decides the call and runs {@code body} only when authorized. A refusal is returned as the tool result
     * ({@code CapFence denied <tool>: <reason>}) for the model to read, or thrown as an {@link ActionDeniedException}
     * when {@code capfence.ai.on-deny=throw}. Failures of the body propagate unchanged.
     */
    public String call(String toolName, String input, ToolContext toolContext, ToolBody body) {
        Map<String, Object> payload = payload(input);
        return decide(toolName, payload, actor(toolContext), body::run, verdict -> ToolCalls.refusal(toolName, verdict));
    }

    /**
     * The route-independent core: decides a call of {@code toolName} with {@code payload} (null: the input was
     * unreadable, the call is denied as an invalid event) by {@code actor} (null: the {@link ActorResolver}'s), runs
     * {@code body} only when authorized, and turns a refusal into the route's result with {@code refusal} (or throws
     * when {@code capfence.ai.on-deny=throw}). A call is decided once: when the authorized body reaches a second gate
     * for the same tool and payload on the same thread (an MCP server tool whose ToolCallback is gated too), that
     * gate runs its body without a second decision.
     */
    public <T> T decide(String toolName, Map<String, Object> payload, String actor, Supplier<T> body,
                        Function<Verdict, T> refusal) {
        Decided outer = decidedCall.get();
        if (outer != null && outer.toolName().equals(toolName) && outer.payload().equals(payload)) {
            // The same call reaching a second gate (an MCP server tool whose ToolCallback is gated too):
            // it was decided once already. Taken once, so a further nested call is decided again.
            decidedCall.remove();
            return body.get();
        }
        String who = actor != null && !actor.isBlank() ? actor : actors.currentActor();
        Verdict verdict;
        Execution<T> run = null;
        if (payload == null) {
            verdict = runtime.get().executeUnreadable(null,
                    "the input of tool " + toolName + " is not a JSON object");
        } else {
            String capability = capabilityOf(toolName);
            String entry = CallChain.entry(who, capability);
            ActionEvent event = ActionEvent.builder()
                    .actor(who)
                    .tool(toolName)
                    .capability(capability)
                    .environment(environment.environment())
                    .payload(payload)
                    .context(CallChain.contextFor(entry))
                    .build();
            run = runtime.get().execute(event, e -> {
                CallChain.push(entry);
                decidedCall.set(new Decided(toolName, payload));
                try {
                    // Gated methods the tool calls see the same actor.
                    return who != null ? CapFenceActor.runAs(who, body::get) : body.get();
                } finally {
                    decidedCall.set(outer);
                    CallChain.pop();
                }
            });
            verdict = run.verdict();
        }
        tell(toolName, verdict);
        if (!verdict.toolInvoked()) {
            return refuse(verdict, () -> new ActionDeniedException(verdict), refusal);
        }
        Exception failure = run.failure();
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return run.result();
    }

    /**
     * Runs a tool whose body makes the decision itself (a {@code @GatedAction} method): no second decision here, but
     * the actor of the tool context is passed on, and a refusal thrown inside the tool becomes the same refusal text
     * (or {@link ActionDeniedException} with {@code capfence.ai.on-deny=throw}) as a call this gate refused.
     */
    String decidedInside(String toolName, ToolContext toolContext, ToolBody body) {
        String actor = actor(toolContext);
        try {
            return actor != null ? CapFenceActor.runAs(actor, body::run) : body.run();
        } catch (Exception e) {
            ActionDeniedException denied = deniedCause(e);
            if (denied == null) {
                if (e instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                throw new IllegalStateException(e);
            }
            tell(toolName, denied.verdict());
            return refuse(denied.verdict(), () -> denied, verdict -> ToolCalls.refusal(toolName, verdict));
        }
    }

    private void tell(String toolName, Verdict verdict) {
        for (CapFenceObserver observer : observers) {
            observer.toolCallCompleted(toolName, verdict);
        }
    }

    /**
     * A refused call's result: the route's refusal, or {@code denied} thrown with {@code capfence.ai.on-deny=throw}
     * (a supplier: an exception's stack trace would more than double the cost of a refusal that is not thrown).
     */
    private <T> T refuse(Verdict verdict, Supplier<ActionDeniedException> denied, Function<Verdict, T> refusal) {
        if (properties.getOnDeny() == CapFenceAiProperties.OnDeny.THROW) {
            throw denied.get();
        }
        return refusal.apply(verdict);
    }

    // The tool loop sees the refusal wrapped (MethodToolCallback wraps what the method throws).
    private static ActionDeniedException deniedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ActionDeniedException denied) {
                return denied;
            }
        }
        return null;
    }

    /** The one name a callback's calls are decided under: the first {@link CanonicalToolNames} that knows it. */
    public String canonicalName(ToolCallback callback) {
        for (CanonicalToolNames names : canonicalNames) {
            String name = names.of(callback);
            if (name != null) {
                return name;
            }
        }
        return callback.getToolDefinition().name();
    }

    /** The actor named in the tool context, or null. */
    public static String actor(ToolContext toolContext) {
        return toolContext != null && toolContext.getContext().get(ACTOR_KEY) instanceof String named
                && !named.isBlank() ? named : null;
    }

    /** The tool input as a map: an empty input is an empty object, anything but a JSON object is null. */
    public Map<String, Object> payload(String input) {
        try {
            // read as event text is: a duplicate key (which the tool's reader might resolve the other way) or a
            // number out of range never reaches a decision as something else
            return ToolCalls.payload(input, runtime.get().eventLimits());
        } catch (InvalidEventException e) {
            return null;
        }
    }
}
