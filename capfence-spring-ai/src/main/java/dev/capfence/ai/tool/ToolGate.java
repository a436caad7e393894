package dev.capfence.ai.tool;

import dev.capfence.boot.RefusedCall;
import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.gate.GatedCall;
import dev.capfence.boot.gate.GatedCalls;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
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
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Spring AI's side of the starter's one gated-call path ({@link GatedCalls}): the tool input JSON is the payload, the
 * tool name maps to a capability ({@code capfence.ai.tools.<name>.capability}, default {@code tool.<name>}), and the
 * actor comes from the {@link ToolContext} key {@value #ACTOR_KEY}, else the starter's {@link ActorResolver} (Spring
 * Security, {@code CapFenceActor.runAs}, {@code capfence.actor.default}). A refusal goes to the application's
 * {@code RefusalHandler}; by default the model reads {@code CapFence denied <tool>: <reason>}, or it is thrown with
 * {@code capfence.ai.on-deny=throw}.
 */
public final class ToolGate {

    /** The {@link ToolContext} key naming the actor of a tool call. */
    public static final String ACTOR_KEY = "capfence.actor";

    private static final String MCP_EXCHANGE_KEY = "exchange";

    /** The body of a tool: what runs when the call is authorized. */
    @FunctionalInterface
    public interface ToolBody {
        String run();
    }

    private final GatedCalls calls;
    private final Supplier<ActionRuntime> runtime;
    private final CapFenceAiProperties properties;
    private final List<CanonicalToolNames> canonicalNames;
    private final GatedActionTools gatedActions;
    private final Function<RefusedCall, Object> toolText;
    private final Function<RefusedCall, Object> mcpError;

    /**
     * @param beans the application's beans, to find the {@code @Tool} methods that are {@code @GatedAction}s (null:
     *              none are)
     */
    public ToolGate(GatedCalls calls, Supplier<ActionRuntime> runtime, CapFenceAiProperties properties,
                    List<CanonicalToolNames> canonicalNames, ConfigurableListableBeanFactory beans) {
        this.calls = calls;
        this.runtime = runtime;
        this.properties = properties;
        this.canonicalNames = List.copyOf(canonicalNames);
        this.gatedActions = new GatedActionTools(beans);
        // Built once: a refusal of an ordinary tool call allocates no lambda of its own.
        this.toolText = refusalOrThrow(refused -> ToolCalls.refusal(refused.toolName(), refused.verdict()));
        this.mcpError = refusalOrThrow(refused -> {
            throw ActionDeniedException.of(refused.verdict(), ToolCalls.refusal(refused.toolName(), refused.verdict()));
        });
    }

    /**
     * The capability a tool's calls are decided under: {@code capfence.ai.tools.<name>.capability}, else the policy's
     * {@code tools:} mapping, else {@code tool.<name>}.
     */
    public String capabilityOf(String toolName) {
        CapFenceAiProperties.Tool configured = properties.getTools().get(toolName);
        String mapped = configured != null && configured.getCapability() != null
                && !configured.getCapability().isBlank() ? configured.getCapability() : null;
        return ToolCalls.capability(toolName, mapped, runtime.get().policy(), ToolCalls.DEFAULT_PREFIX);
    }

    /**
     * Decides a Spring AI tool call and runs {@code body} only when authorized. A refusal is the tool's result for
     * the model to read; called by this application's MCP server, it is thrown with the same text, which the server
     * turns into an error result ({@code isError: true}).
     */
    public String call(String toolName, String input, ToolContext toolContext, ToolBody body) {
        return call(null, toolName, input, toolContext, body);
    }

    /** As {@link #call(String, String, ToolContext, ToolBody)}, for the calls of {@code callback}. */
    String call(ToolCallback callback, String toolName, String input, ToolContext toolContext, ToolBody body) {
        boolean mcp = calledByMcpServer(toolContext);
        RefusedCall.Route route = mcp ? RefusedCall.Route.MCP_TOOL : RefusedCall.Route.TOOL;
        Map<String, Object> payload = payload(input);
        GatedActionTools.GatedTool method = callback != null ? gatedActions.of(callback) : null;
        if (method == null) {
            ActionEvent.Builder envelope = ActionEvent.builder().tool(toolName).capability(capabilityOf(toolName));
            return run(call(GatedCall.of(route, envelope, mcp ? mcpError : toolText), payload, toolName)
                    .actor(actor(toolContext)).returns(String.class), String.class, body::run);
        }
        // A @GatedAction method: decided as its annotation says, once; its advisor takes this decision. The event
        // names the method; the refusal names the tool the model called.
        Function<RefusedCall, Object> refusal = refusalOrThrow(mcp ? refused -> {
            throw ActionDeniedException.of(refused.verdict(), ToolCalls.refusal(toolName, refused.verdict()));
        } : refused -> ToolCalls.refusal(toolName, refused.verdict()));
        GatedCall.Builder call = GatedCall.of(route, method.envelope(), refusal)
                .actor(actor(toolContext)).returns(String.class).method(method.method()).decidedFor(method.method());
        return run(payload == null ? call.unreadable(unreadable(toolName)) : call.payload(method.payload(payload)),
                String.class, body::run);
    }

    private static GatedCall.Builder call(GatedCall.Builder call, Map<String, Object> payload, String toolName) {
        return payload == null ? call.unreadable(unreadable(toolName)) : call.payload(payload);
    }

    // Spring AI's MCP server passes its exchange under this key. It only chooses how a refusal is given: every call
    // is decided whatever its context says.
    private static boolean calledByMcpServer(ToolContext toolContext) {
        Object exchange = toolContext != null ? toolContext.getContext().get(MCP_EXCHANGE_KEY) : null;
        return exchange != null && exchange.getClass().getName().startsWith("io.modelcontextprotocol.");
    }

    /**
     * The route-independent part: decides a call of {@code toolName} on {@code route} with {@code payload} (null: the
     * input was unreadable, the call is denied as an invalid event) by {@code actor} (null: the application's current
     * actor), runs {@code body} only when authorized, and otherwise returns what the refusal handler gives — by
     * default {@code refusal} of the verdict, or the refusal thrown with {@code capfence.ai.on-deny=throw}. Failures
     * of the body propagate unchanged.
     */
    public <T> T decide(RefusedCall.Route route, String toolName, Map<String, Object> payload, String actor,
                        Class<T> returnType, Supplier<T> body, Function<Verdict, T> refusal) {
        ActionEvent.Builder envelope = ActionEvent.builder().tool(toolName).capability(capabilityOf(toolName));
        GatedCall.Builder call = GatedCall.of(route, envelope, refusalOrThrow(refused -> refusal.apply(refused.verdict())))
                .actor(actor).returns(returnType);
        return run(call(call, payload, toolName), returnType, body);
    }

    private <T> T run(GatedCall.Builder call, Class<T> returnType, Supplier<T> body) {
        try {
            return returnType.cast(calls.run(call.build(), body::get));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // the bodies here throw nothing checked
            throw new IllegalStateException(e);
        }
    }

    // The route's default refusal: its own value, or the refusal thrown with capfence.ai.on-deny=throw.
    private Function<RefusedCall, Object> refusalOrThrow(Function<RefusedCall, ?> refusal) {
        return refused -> {
            if (properties.getOnDeny() == CapFenceAiProperties.OnDeny.THROW) {
                throw refused.exception();
            }
            return refusal.apply(refused);
        };
    }

    private static String unreadable(String toolName) {
        return "the input of tool " + toolName + " is not a JSON object";
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
