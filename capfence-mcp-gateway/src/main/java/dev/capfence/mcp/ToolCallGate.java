package dev.capfence.mcp;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.StartedAction;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.ToolCalls;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Decision;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides one {@code tools/call} before the server sees it: the call becomes an {@link ActionEvent} (tool name,
 * arguments as payload, capability {@code mcp.<server>.<tool>} unless mapped), the runtime decides and records it,
 * and only an authorized call is forwarded. Anything else is answered here with a tool result that says why.
 */
final class ToolCallGate {

    /** Sends the call, unchanged, to the server. */
    interface Forward {
        void send() throws IOException;
    }

    private final ActionRuntime runtime;
    private final String actor;
    private final String serverName;
    private final Map<String, String> capabilities;
    private final String capabilityPrefix;
    private final ToolPins pins;
    private final String approveCommand;

    ToolCallGate(ActionRuntime runtime, String actor, String serverName, Map<String, String> capabilities,
                 ToolPins pins, String approveCommand) {
        this.runtime = runtime;
        this.actor = actor;
        this.serverName = serverName;
        this.capabilities = Map.copyOf(capabilities);
        this.capabilityPrefix = "mcp." + serverName + ".";
        this.pins = pins;
        this.approveCommand = approveCommand;
    }

    /**
     * The reply to send the client instead of forwarding, or null when the call was forwarded. {@code id} is the
     * request's id as JSON text; for a call sent as a notification (no id) a refusal has no reply and is only
     * recorded. {@code headerName} is the client's {@code Mcp-Name} HTTP header, or null: it must name the same tool. A
     * forwarded call waits in {@code pending} for its answer, which records its outcome.
     */
    String call(String id, byte[] message, String headerName, Forward forward, PendingCalls pending) {
        Map<String, Object> request;
        try {
            // Read again strictly, as events are: exact numbers, the event size and depth limits.
            request = ActionEventJson.parsePayload(new String(message, StandardCharsets.UTF_8), runtime.eventLimits());
        } catch (InvalidEventException e) {
            return refusal(id, "the tool", runtime.executeInvalid(e, "tools/call: "));
        }
        if (!(request.get("params") instanceof Map<?, ?> params) || !(params.get("name") instanceof String name)
                || name.isBlank()) {
            return id == null ? null : Json.error(id, McpSchema.ErrorCodes.INVALID_PARAMS, "tools/call needs params.name, the tool's name");
        }
        if (headerName != null && !headerName.equals(name)) { // a server routing by header would run another tool
            return id == null ? null : Json.error(id, McpSchema.ErrorCodes.INVALID_PARAMS,
                    "the Mcp-Name header (" + headerName + ") differs from params.name (" + name + ")");
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return id == null ? null : Json.error(id, McpSchema.ErrorCodes.INVALID_PARAMS, "tools/call params.arguments must be an object");
        }
        @SuppressWarnings("unchecked")
        ActionEvent event = event(name, arguments == null ? Map.of() : (Map<String, Object>) arguments);
        String unpinned = pins == null ? null : pins.refusal(name);
        if (unpinned != null) {
            return refusal(id, name, runtime.refuse(event, ReasonCode.TOOL_DEFINITION_CHANGED, unpinned));
        }
        StartedAction started = runtime.start(event);
        if (!started.authorized()) {
            return refusal(id, name, started.verdict());
        }
        if (id == null) { // a notification gets no answer: its outcome is that it was sent
            try {
                forward.send();
                started.finish(null);
            } catch (IOException | RuntimeException e) {
                started.finish(e);
            }
            return null;
        }
        pending.await(id, started);
        try {
            forward.send();
        } catch (IOException | RuntimeException e) {
            pending.notSent(id, started, e);
            return Json.error(id, McpSchema.ErrorCodes.INTERNAL_ERROR, "the MCP server could not be reached: " + e.getMessage());
        }
        return null;
    }

    /** The event a call to this tool with these arguments is decided as. */
    ActionEvent event(String tool, Map<String, Object> arguments) {
        return ActionEvent.builder()
                .actor(actor)
                .tool(tool)
                .capability(capability(tool))
                .payload(arguments)
                .context(Map.of("mcp_server", serverName))
                .build();
    }

    // --map first, then the policy's tools: mapping (read per call: a reloaded policy may change it), then the default.
    String capability(String tool) {
        return ToolCalls.capability(tool, capabilities.get(tool), runtime.policy(), capabilityPrefix);
    }

    private String refusal(String id, String tool, Verdict verdict) {
        if (id == null) {
            return null;
        }
        String text;
        if (verdict.decision() == Decision.REQUIRE_APPROVAL && verdict.approvalId() != null) {
            text = "CapFence: " + tool + " needs approval (" + verdict.reason() + "). Approval id: " + verdict.approvalId()
                    + ". An approver runs: " + approveCommand.replace("{id}", verdict.approvalId())
                    + " - then call " + tool + " again with the same arguments: it runs once.";
        } else {
            text = ToolCalls.refusal(tool, verdict);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("decision", verdict.decision().wireName());
        meta.put("reason_code", verdict.reasonCode().wireName());
        meta.put("event_id", verdict.eventId());
        if (verdict.ruleId() != null) {
            meta.put("rule_id", verdict.ruleId());
        }
        if (verdict.approvalId() != null) {
            meta.put("approval_id", verdict.approvalId());
        }
        return Json.toolError(id, text, meta);
    }
}
