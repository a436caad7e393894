package dev.capfence.engine;

import dev.capfence.event.ActionEventJson;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Decision;
import java.util.Map;

/**
 * How an agent framework's tool call becomes an event and a refusal becomes what the model reads: one mapping and
 * one refusal text for Spring AI, LangChain4j, ADK and the MCP gateway, so a model (and whoever reads its
 * transcript) sees the same thing whatever framework ran the tool.
 */
public final class ToolCalls {

    private ToolCalls() {
    }

    /** The capability a tool's calls are decided under when nothing maps it: {@code tool.<name>}. */
    public static String defaultCapability(String toolName) {
        return "tool." + toolName;
    }

    /**
     * The tool's arguments JSON as the event payload, read as strictly as event text (a key given twice, a number
     * out of range, text over the limits is refused); no arguments at all are an empty object.
     */
    public static Map<String, Object> payload(String argumentsJson, EventLimits limits) throws InvalidEventException {
        return argumentsJson == null || argumentsJson.isBlank() ? Map.of()
                : ActionEventJson.parsePayload(argumentsJson, limits);
    }

    /**
     * {@code CapFence denied <tool>: <reason>}, and for a pending approval
     * {@code (approval required, approval id <id>)} after it.
     */
    public static String refusal(String toolName, Verdict verdict) {
        String text = "CapFence denied " + toolName + ": " + verdict.reason();
        if (verdict.decision() == Decision.REQUIRE_APPROVAL && verdict.approvalId() != null) {
            text += " (approval required, approval id " + verdict.approvalId() + ")";
        }
        return text;
    }
}
