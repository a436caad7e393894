package dev.capfence.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {

    static final Policy OLD = Policy.parse("""
            deny:
              - capability: shell.exec
                contains: "rm -rf"
            require_approval:
              - capability: payments.refund
                amount_gt: 1000
            allow:
              - capability: payments.refund
                amount_lte: 1000
            """, "old.yaml");

    static final Policy NEW = Policy.parse("""
            deny:
              - capability: shell.exec
                contains: "rm -rf /"
            require_approval:
              - capability: payments.refund
                amount_gt: 5000
              - capability: shell.exec
                contains: "rm -rf"
            allow:
              - capability: payments.refund
                amount_lte: 5000
              - capability: shell.exec
                contains: "ls"
            """, "new.yaml");

    static ActionEvent refund(String id, int amount) {
        return ActionEvent.builder().id(id).actor("support-agent").capability("payments.refund")
                .payload(Map.of("amount", amount)).build();
    }

    static ActionEvent shell(String id, String command) {
        return ActionEvent.builder().id(id).actor("ops-agent").capability("shell.exec")
                .payload(Map.of("command", command)).build();
    }

    @Test
    void newlyAllowedAndLoosenedEventsAreListedApart() {
        List<ActionEvent> events = List.of(
                refund("small", 50),                      // allow -> allow
                refund("mid", 3000),                      // require_approval -> allow: newly allowed
                refund("huge", 9000),                     // require_approval -> require_approval
                shell("ls", "ls /tmp"),                   // deny (no rule) -> allow: newly allowed
                shell("rm-tmp", "rm -rf build/cache"),     // deny -> require_approval: loosened
                shell("rm-root", "rm -rf /"));            // deny -> deny

        DiffReport report = PolicyDiff.run(OLD, NEW, events);

        assertThat(report.total()).isEqualTo(6);
        assertThat(report.changed()).isEqualTo(3);
        assertThat(report.unchanged()).isEqualTo(3);
        assertThat(report.newlyAllowed()).extracting(d -> d.event().id()).containsExactly("mid", "ls");
        assertThat(report.loosenedToApproval()).extracting(d -> d.event().id()).containsExactly("rm-tmp");
        assertThat(report.totals().entrySet()).extracting(e -> e.getKey() + ": " + e.getValue()).containsExactly(
                "require_approval -> allow: 1", "deny -> allow: 1", "deny -> require_approval: 1");
        DiffedEvent mid = report.events().get(1);
        assertThat(mid.before().reasonCode().wireName()).isEqualTo("policy_require_approval");
        assertThat(mid.after().reasonCode().wireName()).isEqualTo("policy_allow");
    }

    @Test
    void tighteningNeverReportsNewlyAllowed() {
        DiffReport report = PolicyDiff.run(NEW, OLD, List.of(refund("mid", 3000), shell("ls", "ls /tmp"),
                shell("rm-tmp", "rm -rf build/cache")));

        assertThat(report.changed()).isEqualTo(3);
        assertThat(report.newlyAllowed()).isEmpty();
        assertThat(report.loosenedToApproval()).isEmpty();
    }

    @Test
    void transitionsKnowWhichWayTheyGo() {
        for (var from : dev.capfence.policy.Decision.values()) {
            for (var to : dev.capfence.policy.Decision.values()) {
                Transition t = new Transition(from, to);
                assertThat(t.changed()).isEqualTo(from != to);
                assertThat(t.newlyAllows()).isEqualTo(to == dev.capfence.policy.Decision.ALLOW && from != to);
            }
        }
        assertThat(new Transition(dev.capfence.policy.Decision.DENY, dev.capfence.policy.Decision.REQUIRE_APPROVAL).loosens())
                .isTrue();
        assertThat(new Transition(dev.capfence.policy.Decision.ALLOW, dev.capfence.policy.Decision.REQUIRE_APPROVAL).loosens())
                .isFalse();
    }
}
