package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.RefusedCall;
import dev.capfence.engine.ToolCalls;
import dev.capfence.engine.Verdict;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Gates MCP server tool specifications: the call handler is replaced by one that decides the call (tool arguments as
 * the payload) and runs the original handler only when authorized. A refusal is a {@link CallToolResult} with
 * {@code isError=true} and the text {@code CapFence denied <tool>: <reason>}.
 */
final class McpToolSpecifications {

    private McpToolSpecifications() {
    }

    /** Marks a handler that is already gated, so that wrapping is idempotent. */
    interface Gated {
    }

    /** Returns {@code spec} gated, or null when it is not a tool specification; gated specifications are kept. */
    static Object gate(Object spec, Supplier<ToolGate> gate) {
        if (spec instanceof McpServerFeatures.SyncToolSpecification s) {
            return s.callHandler() instanceof Gated ? s
                    : new McpServerFeatures.SyncToolSpecification(s.tool(), new SyncHandler<>(s.tool().name(),
                            s.callHandler(), gate));
        }
        if (spec instanceof McpServerFeatures.AsyncToolSpecification s) {
            return s.callHandler() instanceof Gated ? s
                    : new McpServerFeatures.AsyncToolSpecification(s.tool(), new AsyncHandler<>(s.tool().name(),
                            s.callHandler(), gate));
        }
        if (spec instanceof McpStatelessServerFeatures.SyncToolSpecification s) {
            return s.callHandler() instanceof Gated ? s
                    : new McpStatelessServerFeatures.SyncToolSpecification(s.tool(), new SyncHandler<>(
                            s.tool().name(), s.callHandler(), gate));
        }
        if (spec instanceof McpStatelessServerFeatures.AsyncToolSpecification s) {
            return s.callHandler() instanceof Gated ? s
                    : new McpStatelessServerFeatures.AsyncToolSpecification(s.tool(), new AsyncHandler<>(
                            s.tool().name(), s.callHandler(), gate));
        }
        return null;
    }

    /** The tool name of a specification, or null when it is not a tool specification. */
    static String toolName(Object spec) {
        if (spec instanceof McpServerFeatures.SyncToolSpecification s) {
            return s.tool().name();
        }
        if (spec instanceof McpServerFeatures.AsyncToolSpecification s) {
            return s.tool().name();
        }
        if (spec instanceof McpStatelessServerFeatures.SyncToolSpecification s) {
            return s.tool().name();
        }
        if (spec instanceof McpStatelessServerFeatures.AsyncToolSpecification s) {
            return s.tool().name();
        }
        return null;
    }

    static CallToolResult refusal(String toolName, Verdict verdict) {
        return CallToolResult.builder().addTextContent(ToolCalls.refusal(toolName, verdict)).isError(true).build();
    }

    private static Map<String, Object> arguments(CallToolRequest request) {
        return request.arguments() != null ? request.arguments() : Map.of();
    }

    /**
     * Decides on the calling thread. The actor is the starter's (Spring Security principal, else
     * {@code capfence.actor.default}): MCP carries no standard identity in a tool call.
     */
    private record SyncHandler<X>(String toolName, BiFunction<X, CallToolRequest, CallToolResult> delegate,
                                  Supplier<ToolGate> gate)
            implements BiFunction<X, CallToolRequest, CallToolResult>, Gated {

        @Override
        public CallToolResult apply(X exchange, CallToolRequest request) {
            return gate.get().decide(RefusedCall.Route.MCP_TOOL, toolName, arguments(request), null,
                    CallToolResult.class, () -> delegate.apply(exchange, request), verdict -> refusal(toolName, verdict));
        }
    }

    /**
     * Decides when the result is subscribed to, before the original handler is asked for its result. The
     * original handler's own work runs after the decision, possibly on another thread; its outcome is recorded when
     * the result arrives.
     */
    private record AsyncHandler<X>(String toolName, BiFunction<X, CallToolRequest, Mono<CallToolResult>> delegate,
                                   Supplier<ToolGate> gate)
            implements BiFunction<X, CallToolRequest, Mono<CallToolResult>>, Gated {

        @Override
        @SuppressWarnings("unchecked")
        public Mono<CallToolResult> apply(X exchange, CallToolRequest request) {
            Class<Mono<CallToolResult>> mono = (Class<Mono<CallToolResult>>) (Class<?>) Mono.class;
            return Mono.defer(() -> gate.get().decide(RefusedCall.Route.MCP_TOOL, toolName, arguments(request), null,
                    mono, () -> delegate.apply(exchange, request), verdict -> Mono.just(refusal(toolName, verdict))));
        }
    }
}
