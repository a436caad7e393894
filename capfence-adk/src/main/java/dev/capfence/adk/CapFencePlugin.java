package dev.capfence.adk;

import com.google.adk.agents.Callbacks;
import com.google.adk.plugins.BasePlugin;
import com.google.adk.tools.BaseTool;
import com.google.adk.tools.ToolContext;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.StartedAction;
import dev.capfence.engine.ToolCalls;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import io.reactivex.rxjava3.core.Maybe;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides every tool call of every agent a runner runs, before the tool runs:
 * {@code new InMemoryRunner(agent, "app", List.of(CapFencePlugin.builder(runtime).build()))}. The tool name is the
 * event's tool, its capability {@code tool.<name>} unless {@linkplain Builder#capability mapped}, the arguments are
 * the payload, and the actor is the session state key {@value #ACTOR_KEY}, else the session's user id. An authorized
 * call runs the tool; a refused one does not, and the tool's result is {@code {"error": "CapFence denied <tool>:
 * <reason>"}} (a pending approval adds its id). The decision is recorded in the runtime's audit chain; the tool's
 * outcome is not (ADK runs the tool itself, after the callback).
 */
public final class CapFencePlugin extends BasePlugin {

    /** The session state key naming the actor of the session's tool calls. */
    public static final String ACTOR_KEY = "capfence.actor";

    private final ActionRuntime runtime;
    private final Map<String, String> capabilities;
    private final String environment;
    // Calls ADK is running after an allow, by function call id: their outcome is recorded when they end.
    private final Map<String, StartedAction> running = new ConcurrentHashMap<>();

    private CapFencePlugin(Builder b) {
        super("capfence");
        this.runtime = b.runtime;
        this.capabilities = Map.copyOf(b.capabilities);
        this.environment = b.environment;
    }

    public static Builder builder(ActionRuntime runtime) {
        return new Builder(runtime);
    }

    /**
     * The capability a tool's calls are decided under: the builder's mapping, else the policy's {@code tools:}
     * mapping, else {@code tool.<name>}.
     */
    public String capabilityOf(String toolName) {
        return ToolCalls.capability(toolName, capabilities.get(toolName), runtime.policy(), ToolCalls.DEFAULT_PREFIX);
    }

    @Override
    public Maybe<Map<String, Object>> beforeToolCallback(BaseTool tool, Map<String, Object> toolArgs,
                                                         ToolContext toolContext) {
        String toolName = tool.name();
        ActionEvent event = ActionEvent.builder()
                .actor(actorOf(toolContext))
                .tool(toolName)
                .capability(capabilityOf(toolName))
                .environment(environment)
                .payload(toolArgs == null ? Map.of() : toolArgs)
                .build();
        StartedAction started = runtime.start(event);
        Verdict verdict = started.verdict();
        if (started.authorized()) {
            String callId = toolContext != null ? toolContext.functionCallId().orElse(null) : null;
            if (callId != null) {
                running.put(callId, started);
            } else {
                started.finish(null); // no id to find it by when it ends: recorded as started
            }
            return Maybe.empty(); // ADK runs the tool
        }
        Map<String, Object> refusal = new HashMap<>();
        refusal.put("error", ToolCalls.refusal(toolName, verdict));
        return Maybe.just(refusal);
    }

    /** Records the outcome of a call that ran: success. */
    @Override
    public Maybe<Map<String, Object>> afterToolCallback(BaseTool tool, Map<String, Object> toolArgs,
                                                        ToolContext toolContext, Map<String, Object> result) {
        finish(toolContext, null);
        return Maybe.empty(); // the tool's own result stands
    }

    /** Records the outcome of a call that ran and failed. */
    @Override
    public Maybe<Map<String, Object>> onToolErrorCallback(BaseTool tool, Map<String, Object> toolArgs,
                                                          ToolContext toolContext, Throwable error) {
        finish(toolContext, error);
        return Maybe.empty(); // ADK reports the error as it would without CapFence
    }

    private void finish(ToolContext toolContext, Throwable failure) {
        String callId = toolContext != null ? toolContext.functionCallId().orElse(null) : null;
        StartedAction started = callId != null ? running.remove(callId) : null;
        if (started != null) {
            started.finish(failure);
        }
    }

    /**
     * The same decision as an agent's {@code beforeToolCallback}, for an agent run without this plugin on its runner:
     * {@code LlmAgent.builder()...beforeToolCallback(plugin.asBeforeToolCallback())}. It covers that agent only.
     */
    public Callbacks.BeforeToolCallback asBeforeToolCallback() {
        return (invocationContext, tool, toolArgs, toolContext) -> beforeToolCallback(tool, toolArgs, toolContext);
    }

    private static String actorOf(ToolContext context) {
        if (context == null) {
            return null;
        }
        if (context.state().get(ACTOR_KEY) instanceof String named && !named.isBlank()) {
            return named;
        }
        return context.userId();
    }

    /** Configures a {@link CapFencePlugin}. */
    public static final class Builder {
        private final ActionRuntime runtime;
        private final Map<String, String> capabilities = new HashMap<>();
        private String environment;

        private Builder(ActionRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** Decides the calls of {@code toolName} under {@code capability} instead of {@code tool.<name>}. */
        public Builder capability(String toolName, String capability) {
            ToolCalls.checkMapping(toolName, capability);
            capabilities.put(toolName, capability);
            return this;
        }

        /** The environment of every call ({@code production}, …); none by default. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public CapFencePlugin build() {
            return new CapFencePlugin(this);
        }
    }
}
