package dev.capfence.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A grant pre-authorizes what would need approval, for a while or one session, and never lifts a deny. */
class GrantTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryAuditSink audit = InMemoryAuditSink.create();
    private final ActionRuntime rt = ActionRuntime.builder().policy(Policy.parse("""
            deny:
              - id: big
                capability: payments.refund
                amount_gt: 1000
            require_approval:
              - id: payments
                capability: payments
            """, "p.yaml")).auditSink(audit).clock(clock).build();

    private static ActionEvent refund(String actor, int amount, String env, String session) {
        return ActionEvent.builder().actor(actor).capability("payments.refund").environment(env)
                .payload(Map.of("amount", amount))
                .context(session == null ? Map.of() : Map.of("session_id", session)).build();
    }

    @Test
    void durationGrantAppliesToMatchingActionsUntilItExpires() {
        Grant g = rt.approvals().grant("agent", "payments", "prod", Duration.ofHours(2), "alice");
        Verdict v = rt.execute(refund("agent", 5, "prod", null));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.GRANT_APPLIED);
        assertThat(v.approvalId()).isEqualTo(g.id());
        assertThat(rt.execute(refund("agent", 6, "prod", null)).reasonCode()).isEqualTo(ReasonCode.GRANT_APPLIED);
        assertThat(rt.execute(refund("agent", 5, "staging", null)).decision()).as("other environment")
                .isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(rt.execute(refund("other", 5, "prod", null)).decision()).as("other actor")
                .isEqualTo(Decision.REQUIRE_APPROVAL);
        clock.advance(Duration.ofHours(2));
        assertThat(rt.execute(refund("agent", 7, "prod", null)).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void sessionGrantAppliesToThatSessionOnly() {
        rt.approvals().grantForSession("agent", "payments.*", null, "s-1", "alice");
        assertThat(rt.execute(refund("agent", 5, null, "s-1")).reasonCode()).isEqualTo(ReasonCode.GRANT_APPLIED);
        assertThat(rt.execute(refund("agent", 5, null, "s-2")).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(rt.execute(refund("agent", 6, null, null)).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void revokedGrantNoLongerApplies() {
        Grant g = rt.approvals().grant("agent", "payments.refund", null, Duration.ofDays(1), "alice");
        assertThat(rt.approvals().revoke(g.id(), "bob")).isTrue();
        assertThat(rt.approvals().revoke(g.id(), "bob")).isFalse();
        assertThat(rt.execute(refund("agent", 5, null, null)).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(rt.approvals().grants()).singleElement().satisfies(x -> assertThat(x.revokedBy()).isEqualTo("bob"));
    }

    @Test
    void grantNeverOverridesDeny() {
        rt.approvals().grant("agent", "*", null, Duration.ofDays(1), "alice");
        Verdict v = rt.execute(refund("agent", 5000, null, null));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.POLICY_DENY);
    }

    @Test
    void anActorCannotGrantItself() {
        assertThatThrownBy(() -> rt.approvals().grant("agent", "payments", null, Duration.ofHours(1), "agent"))
                .isInstanceOf(ApprovalException.class);
    }

    @Test
    void grantsAreAuditedAndTheChainVerifies() {
        Grant g = rt.approvals().grant("agent", "payments", null, Duration.ofHours(1), "alice");
        rt.execute(refund("agent", 5, null, null));
        rt.approvals().revoke(g.id(), "alice");
        assertThat(AuditVerifier.create().verifyLines(audit.lines()).intact()).isTrue();
        assertThat(audit.lines()).filteredOn(l -> l.contains("\"type\":\"grant\"")).hasSize(2);
        assertThat(audit.lines()).filteredOn(l -> l.contains("\"reason_code\":\"grant_applied\"")
                && l.contains(g.id())).hasSize(1);
    }
}
