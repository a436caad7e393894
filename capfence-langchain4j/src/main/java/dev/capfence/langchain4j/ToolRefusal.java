package dev.capfence.langchain4j;

import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;

/**
 * What the model reads when CapFence refuses a tool call: the same text the Spring AI module gives, so a model
 * (and whoever reads its transcript) sees one refusal whatever framework ran the tool.
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
