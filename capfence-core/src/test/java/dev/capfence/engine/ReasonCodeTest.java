package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ReasonCodeTest {

    @Test
    void everyCodeReadsBackFromItsWireName() {
        for (ReasonCode code : ReasonCode.values()) {
            assertThat(ReasonCode.fromWireName(code.wireName())).as(code.name()).contains(code);
            assertThat(code.toString()).isEqualTo(code.wireName());
        }
    }

    @Test
    void wireNamesAreTheReleasedSnakeCaseNames() {
        // The audit log and metrics carry these texts: renaming a constant must not change them.
        assertThat(Stream.of(ReasonCode.values()).map(ReasonCode::wireName).toList()).containsExactlyInAnyOrderElementsOf(List.of(
                "policy_deny", "policy_require_approval", "policy_allow", "no_matching_rule", "observe_mode",
                "invalid_event", "policy_error", "payload_too_large", "audit_unavailable", "approval_granted",
                "approval_pending", "approval_rejected", "approval_expired", "approval_limit", "grant_applied",
                "limit_exceeded", "store_unavailable", "tool_definition_changed"));
    }

    @Test
    void unknownWireNamesAreEmptyNotAnError() {
        assertThat(ReasonCode.fromWireName("quota_exceeded")).isEmpty();
        assertThat(ReasonCode.fromWireName("POLICY_DENY")).as("the constant name is not a wire name").isEmpty();
        assertThat(ReasonCode.fromWireName(null)).isEmpty();
    }

    @Test
    void verdictJsonCarriesTheWireName() {
        Verdict v = Verdict.invalidEvent("e-1", "shell.exec", "no actor", "sha");
        Map<String, Object> json = v.toMap();
        assertThat(json).containsEntry("reason_code", "invalid_event");
    }
}
