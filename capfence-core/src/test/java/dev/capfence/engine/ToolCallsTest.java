package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Policy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping and refusal text every framework module shares. */
class ToolCallsTest {

    private static final ActionRuntime RUNTIME = ActionRuntime.fromPolicy(Policy.parse("""
            deny:
              - capability: tool.deleteFile
                reason: Deleting files is not allowed
            require_approval:
              - capability: tool.transfer
            """, "tools.yaml"));

    private static Verdict decide(String tool) {
        return RUNTIME.execute(ActionEvent.builder().actor("agent").tool(tool)
                .capability(ToolCalls.defaultCapability(tool)).build());
    }

    @Test
    void aDenialNamesTheToolAndTheRulesReason() {
        assertThat(ToolCalls.defaultCapability("deleteFile")).isEqualTo("tool.deleteFile");
        assertThat(ToolCalls.refusal("deleteFile", decide("deleteFile")))
                .isEqualTo("CapFence denied deleteFile: Deleting files is not allowed");
    }

    @Test
    void aPendingApprovalAlsoNamesItsId() {
        Verdict pending = decide("transfer");
        assertThat(ToolCalls.refusal("transfer", pending)).isEqualTo("CapFence denied transfer: "
                + pending.reason() + " (approval required, approval id " + pending.approvalId() + ")");
    }

    @Test
    void argumentsAreReadAsStrictlyAsEventsAndNoneAreAnEmptyObject() {
        assertThat(ToolCalls.payload("  ", EventLimits.DEFAULTS)).isEmpty();
        assertThat(ToolCalls.payload(null, EventLimits.DEFAULTS)).isEmpty();
        assertThat(ToolCalls.payload("{\"path\":\"a\"}", EventLimits.DEFAULTS)).isEqualTo(Map.of("path", "a"));
        assertThatThrownBy(() -> ToolCalls.payload("{\"path\":\"a\",\"path\":\"b\"}", EventLimits.DEFAULTS))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> ToolCalls.payload("[1]", EventLimits.DEFAULTS))
                .isInstanceOf(InvalidEventException.class);
    }
}
