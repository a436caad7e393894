package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictBuilderTest {

    @Test
    void onlyAnAllowIsAuthorized() {
        for (Decision d : Decision.values()) {
            assertThat(Verdict.builder("e", d, ReasonCode.POLICY_DENY).build().authorized()).as(d.wireName())
                    .isEqualTo(d == Decision.ALLOW);
        }
    }

    @Test
    void unsetPartsAreEmptyAndTheModeIsEnforce() {
        Verdict v = Verdict.builder("e", Decision.DENY, ReasonCode.NO_MATCHING_RULE).build();
        assertThat(v.mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(List.of(v.toolInvoked(), v.evaluationNanos())).containsExactly(false, 0L);
        assertThat(new Object[] {v.reason(), v.ruleId(), v.capability(), v.policySha256(), v.approvalId(),
                v.shadowDecision(), v.shadowRuleId(), v.receipt()}).containsOnlyNulls();
    }

    @Test
    void toBuilderKeepsEveryPartAndTheJsonForm() {
        Verdict full = Verdict.builder("e-1", Decision.ALLOW, ReasonCode.APPROVAL_GRANTED).reason("approved by ops")
                .ruleId("refunds").capability("payments.refund").policySha256("abc").approvalId("ap-1")
                .toolInvoked(true).mode(PolicyMode.OBSERVE).evaluationNanos(42)
                .shadow(Decision.REQUIRE_APPROVAL, "refunds").receipt(new AuditReceipt(7, "a".repeat(64), null, null)).build();
        assertThat(full.toBuilder().build()).isEqualTo(full);
        assertThat(full.toBuilder().build().toMap()).isEqualTo(full.toMap());
        assertThat(full.toMap()).containsEntry("reason_code", "approval_granted").containsEntry("mode", "observe")
                .containsEntry("shadow_decision", "require_approval").containsKey("receipt");
    }

    @Test
    void aDecisionAndReasonCodeAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> Verdict.builder("e", null, ReasonCode.POLICY_DENY));
        assertThatNullPointerException().isThrownBy(() -> Verdict.builder("e", Decision.DENY, null));
    }
}
