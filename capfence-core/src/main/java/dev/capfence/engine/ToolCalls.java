package dev.capfence.engine;

import dev.capfence.event.ActionEventJson;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.Map;

/**
 * How an agent framework's tool call becomes an event and a refusal becomes what the model reads: one mapping and
 * one refusal text for Spring AI, LangChain4j, ADK and the MCP gateway, so a model (and whoever reads its
 * transcript) sees the same thing whatever framework ran the tool.
 */
public final class ToolCalls {

    /** The prefix of {@link #defaultCapability}. */
    public static final String DEFAULT_PREFIX = "tool.";

    private ToolCalls() {
    }

    /** The capability a tool's calls are decided under when nothing maps it: {@code tool.<name>}. */
    public static String defaultCapability(String toolName) {
        return DEFAULT_PREFIX + toolName;
    }

    /**
     * The capability a call of {@code toolName} is decided under: the integration's own mapping ({@code mapped},
     * null when it has none), else the policy's {@code tools:} mapping, else {@code defaultPrefix + toolName}
     * ({@code tool.}, or {@code mcp.<server>.} in the gateway). One order for every integration, read at each call
     * so a reloaded policy changes it.
     */
    public static String capability(String toolName, String mapped, Policy policy, String defaultPrefix) {
        if (mapped != null) {
            return mapped;
        }
        String fromPolicy = policy.capabilityOfTool(toolName);
        return fromPolicy != null ? fromPolicy : defaultPrefix + toolName;
    }

    /** Checks one entry of an integration's own tool → capability mapping. */
    public static void checkMapping(String toolName, String capability) {
        if (toolName == null || toolName.isBlank() || capability == null || capability.isBlank()) {
            throw new IllegalArgumentException("a tool name and a capability are required, got "
                    + toolName + " -> " + capability);
        }
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
