package dev.capfence.adk;

import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;

/**
 * What the model reads when CapFence refuses a tool call: the text the Spring AI and LangChain4j modules give too.
 * Each framework module keeps this one small class until core offers it.
 */
final class ToolRefusal {

    private ToolRefusal() {
    }

    /** {@code CapFence denied <tool>: <reason>}, and for a pending approval {@code (approval required, approval id <id>)}. */
    static String text(String toolName, Verdict verdict) {
        String text = "CapFence denied " + toolName + ": " + verdict.reason();
        if (verdict.decision() == Decision.REQUIRE_APPROVAL && verdict.approvalId() != null) {
            text += " (approval required, approval id " + verdict.approvalId() + ")";
        }
        return text;
    }
}
