package dev.capfence.langchain4j;

import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.StartedAction;
import dev.capfence.engine.ToolCalls;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.InvalidEventException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.memory.ChatMemoryService;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gates LangChain4j tools with CapFence: every tool it hands back decides each call before the tool runs, and
 * runs the tool only when the call is authorized. Give its tools to the AI service instead of the originals:
 *
 * <pre>{@code
 * GatedTools gated = GatedTools.builder(runtime).defaultActor("support-agent").build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *         .chatModel(model)
 *         .tools(gated.tools(new BillingTools()))          // @Tool methods
 *         .tools(gated.tools(Map.of(spec, executor)))      // ToolSpecification + ToolExecutor pairs
 *         .toolProvider(gated.toolProvider(mcpTools))      // tools supplied per request, MCP included
 *         .build();
 * }</pre>
 *
 * A call is one {@link ActionEvent}: the tool name is its tool, its capability is {@code tool.<name>} unless
 * {@linkplain Builder#capability mapped}, the arguments JSON is its payload (read as strictly as event JSON: a
 * duplicate key, an oversize or non-object document is denied without running the tool), and its actor is the
 * invocation parameter {@value #ACTOR_KEY}, else the memory id when {@linkplain Builder#actorFromMemoryId() enabled},
 * else the {@linkplain Builder#defaultActor default actor}; a call with no actor is denied. The decision and the
 * tool's outcome are recorded in the runtime's audit chain. A refused call returns the error result
 * {@code CapFence denied <tool>: <reason>} for the model to read (a pending approval adds its id), or, with
 * {@link OnDeny#THROW}, throws {@link ActionDeniedException}. Thread-safe.
 */
public final class GatedTools {

    /** The invocation parameter naming the actor of the tool calls of one AI service call. */
    public static final String ACTOR_KEY = "capfence.actor";

    /** What a refused call gives back. */
    public enum OnDeny {
        /** The refusal text is the tool's (error) result: the model reads it and can tell the user. */
        MESSAGE,
        /**
         * The refusal is thrown as {@link ActionDeniedException}. LangChain4j hands what a tool throws to the AI
         * service's {@code toolExecutionErrorHandler}; set {@link #rethrowDenials()} there to end the call with it.
         */
        THROW
    }

    private final ActionRuntime runtime;
    private final Map<String, String> capabilities;
    private final String defaultActor;
    private final boolean actorFromMemoryId;
    private final String environment;
    private final OnDeny onDeny;

    private GatedTools(Builder b) {
        this.runtime = b.runtime;
        this.capabilities = Map.copyOf(b.capabilities);
        this.defaultActor = b.defaultActor;
        this.actorFromMemoryId = b.actorFromMemoryId;
        this.environment = b.environment;
        this.onDeny = b.onDeny;
    }

    public static Builder builder(ActionRuntime runtime) {
        return new Builder(runtime);
    }

    /** The gated tools of objects with {@code @Tool} methods, for {@code AiServices.builder(...).tools(List)}. */
    public List<AiServiceTool> tools(Object... objectsWithTools) {
        List<AiServiceTool> gated = new ArrayList<>();
        for (Object object : objectsWithTools) {
            // LangChain4j's own reading of @Tool methods: names, schemas and return behaviour stay as they would be
            for (AiServiceTool tool : ToolService.findTools(Objects.requireNonNull(object, "a tool object is null"))) {
                gated.add(tool(tool));
            }
        }
        return gated;
    }

    /** The same tools, each gated, for {@code AiServices.builder(...).tools(List)}. */
    public List<AiServiceTool> tools(List<AiServiceTool> tools) {
        List<AiServiceTool> gated = new ArrayList<>(tools.size());
        for (AiServiceTool tool : tools) {
            gated.add(tool(tool));
        }
        return gated;
    }

    /** The same pairs with gated executors, for {@code AiServices.builder(...).tools(Map)}. */
    public Map<ToolSpecification, ToolExecutor> tools(Map<ToolSpecification, ToolExecutor> tools) {
        Map<ToolSpecification, ToolExecutor> gated = new LinkedHashMap<>();
        tools.forEach((spec, executor) -> gated.put(spec, executor(spec.name(), executor)));
        return gated;
    }

    /** A provider handing out the delegate's tools gated, those it makes up per request included. */
    public ToolProvider toolProvider(ToolProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return provider instanceof GatedToolProvider ? provider : new GatedToolProvider(this, provider);
    }

    /** The executor of the tool {@code toolName}, gated; an executor gated already is returned as it is. */
    public ToolExecutor executor(String toolName, ToolExecutor executor) {
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(executor, "executor");
        if (executor instanceof GatedToolExecutor gated && gated.toolName().equals(toolName)) {
            return executor; // decided once, not twice
        }
        return new GatedToolExecutor(this, toolName, executor);
    }

    AiServiceTool tool(AiServiceTool tool) {
        return tool.toBuilder().toolExecutor(executor(tool.name(), tool.toolExecutor())).build();
    }

    /**
     * The capability a tool's calls are decided under: the builder's mapping, else the policy's {@code tools:}
     * mapping, else {@code tool.<name>}.
     */
    public String capabilityOf(String toolName) {
        return ToolCalls.capability(toolName, capabilities.get(toolName), runtime.policy(), ToolCalls.DEFAULT_PREFIX);
    }

    /**
     * A {@code toolExecutionErrorHandler} for {@link OnDeny#THROW}: a refusal ends the AI service call with its
     * {@link ActionDeniedException}; any other tool failure reaches the model as its message, as LangChain4j's
     * default handler does.
     */
    public static ToolExecutionErrorHandler rethrowDenials() {
        return (error, context) -> {
            if (context.rawError() instanceof ActionDeniedException denied) {
                throw denied;
            }
            if (error instanceof ActionDeniedException denied) {
                throw denied;
            }
            String message = error == null ? null : error.getMessage();
            return ToolErrorHandlerResult.text(message == null || message.isBlank()
                    ? (error == null ? "unknown error" : error.getClass().getName()) : message);
        };
    }

    /**
     * Decides one call and runs {@code body} only when authorized, then records its outcome: a tool that reports an
     * error result is a failed outcome; an exception it throws is recorded (the tool's own, not LangChain4j's
     * wrapper) and rethrown for LangChain4j's error handling.
     */
    ToolExecutionResult call(String toolName, String arguments, String actor, Supplier<ToolExecutionResult> body) {
        Map<String, Object> payload;
        try {
            payload = ToolCalls.payload(arguments, runtime.eventLimits());
        } catch (InvalidEventException unreadable) {
            return refuse(toolName, runtime.executeInvalid(unreadable, "the arguments of tool " + toolName + ": "));
        }
        ActionEvent event = ActionEvent.builder()
                .actor(actor)
                .tool(toolName)
                .capability(capabilityOf(toolName))
                .environment(environment)
                .payload(payload)
                .build();
        StartedAction started = runtime.start(event);
        if (!started.authorized()) {
            return refuse(toolName, started.verdict());
        }
        ToolExecutionResult result;
        try {
            result = body.get();
        } catch (Exception e) {
            started.finish(thrownByTool(e));
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e); // a ToolExecutor cannot throw a checked exception, but a sneaky one could
        } catch (Error e) {
            started.finish(e);
            throw e;
        }
        started.finish(result != null && result.isError() ? new ToolErrorResult(result) : null);
        return result;
    }

    /** LangChain4j wraps what a {@code @Tool} method throws; the audit names the tool's own exception. */
    private static Throwable thrownByTool(Exception e) {
        return e instanceof ToolExecutionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : e;
    }

    private ToolExecutionResult refuse(String toolName, Verdict verdict) {
        if (onDeny == OnDeny.THROW) {
            throw new ActionDeniedException(verdict);
        }
        return ToolExecutionResult.builder().isError(true).resultText(ToolCalls.refusal(toolName, verdict)).build();
    }

    /** The actor of a call in an AI service invocation. */
    String actorOf(InvocationContext context) {
        if (context == null) {
            return defaultActor;
        }
        InvocationParameters parameters = context.invocationParameters();
        if (parameters != null && parameters.get(ACTOR_KEY) instanceof String named && !named.isBlank()) {
            return named;
        }
        return actorOf(context.chatMemoryId());
    }

    /** The actor of a call that only has a memory id. */
    String actorOf(Object memoryId) {
        if (actorFromMemoryId && memoryId != null && !ChatMemoryService.DEFAULT.equals(memoryId)) {
            String named = memoryId.toString();
            if (!named.isBlank()) {
                return named;
            }
        }
        return defaultActor;
    }

    /** The failure recorded for a tool that ran and returned an error result; its message is the result's text. */
    private static final class ToolErrorResult extends Exception {
        ToolErrorResult(ToolExecutionResult result) {
            super(errorText(result), null, false, false);
        }

        private static String errorText(ToolExecutionResult result) {
            try {
                return result.resultText();
            } catch (IllegalStateException notText) {
                return "the tool returned an error result";
            }
        }
    }

    /** Configures a {@link GatedTools}. */
    public static final class Builder {
        private final ActionRuntime runtime;
        private final Map<String, String> capabilities = new HashMap<>();
        private String defaultActor;
        private boolean actorFromMemoryId;
        private String environment;
        private OnDeny onDeny = OnDeny.MESSAGE;

        private Builder(ActionRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** Decides the calls of {@code toolName} under {@code capability} instead of {@code tool.<name>}. */
        public Builder capability(String toolName, String capability) {
            ToolCalls.checkMapping(toolName, capability);
            capabilities.put(toolName, capability);
            return this;
        }

        /** The actor when the call names none; without one such calls are denied ({@code invalid_event}). */
        public Builder defaultActor(String actor) {
            this.defaultActor = actor;
            return this;
        }

        /**
         * Takes the chat memory id ({@code @MemoryId}) as the actor when no invocation parameter names one. Off by
         * default: a memory id is as often a conversation as a user.
         */
        public Builder actorFromMemoryId() {
            this.actorFromMemoryId = true;
            return this;
        }

        /** The environment of every call ({@code production}, …); none by default. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** What a refused call gives back; {@link OnDeny#MESSAGE} by default. */
        public Builder onDeny(OnDeny onDeny) {
            this.onDeny = Objects.requireNonNull(onDeny, "onDeny");
            return this;
        }

        public GatedTools build() {
            return new GatedTools(this);
        }
    }
}
