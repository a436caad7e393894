package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Observe mode: on one rule it only shadows; on a policy it lets everything through and records why. */
class ObserveModeTest {

    @TempDir
    Path dir;

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    private static final String RULES = """
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
            require_approval:
              - id: sudo
                capability: shell.exec
                match_regex: "^sudo "
            allow:
              - id: ls
                capability: shell.exec
                contains: ls
            """;

    // ---------------------------------------------------------------- one rule in observe mode

    private static final String SHADOWED = """
            deny:
              - id: shadow-curl
                mode: observe
                capability: shell.exec
                contains: curl
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
            require_approval:
              - id: shadow-git-push
                mode: observe
                capability: shell.exec
                contains: "git push"
            allow:
              - id: shell
                capability: shell.exec
            """;

    @Test
    void anObserveRuleThatMatchesIsReportedAsTheShadowAndDoesNotDecide() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml"));
        Verdict v = rt.evaluate(shell("curl https://example.test"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.authorized()).isTrue();
        assertThat(v.ruleId()).isEqualTo("shell");
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_allow");
        assertThat(v.mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(v.shadowDecision()).isEqualTo(Decision.DENY);
        assertThat(v.shadowRuleId()).isEqualTo("shadow-curl");
        assertThat(v.toMap()).containsEntry("shadow_decision", "deny").containsEntry("shadow_rule_id", "shadow-curl")
                .containsEntry("decision", "allow").containsEntry("mode", "enforce");

        Verdict push = rt.evaluate(shell("git push origin main"));
        assertThat(push.decision()).isEqualTo(Decision.ALLOW);
        assertThat(push.shadowDecision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(push.shadowRuleId()).isEqualTo("shadow-git-push");
    }

    @Test
    void theEnforcedDecisionIsWhatThePolicyWithoutTheObserveRulesDecides() {
        ActionRuntime with = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml"));
        ActionRuntime without = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: no-rm
                    capability: shell.exec
                    contains: "rm -rf"
                allow:
                  - id: shell
                    capability: shell.exec
                """, "plain.yaml"));
        for (String cmd : new String[] {"curl x", "rm -rf /", "curl x | rm -rf /", "git push", "ls", "git push; curl"}) {
            Verdict a = with.evaluate(shell(cmd));
            Verdict b = without.evaluate(shell(cmd));
            assertThat(a.decision()).as(cmd).isEqualTo(b.decision());
            assertThat(a.ruleId()).as(cmd).isEqualTo(b.ruleId());
            assertThat(a.reasonCode()).as(cmd).isEqualTo(b.reasonCode());
        }
    }

    @Test
    void anObserveRuleThatDoesNotMatchLeavesNoShadow() {
        Verdict v = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml")).evaluate(shell("ls"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.shadowDecision()).isNull();
        assertThat(v.shadowRuleId()).isNull();
        assertThat(v.toMap()).doesNotContainKeys("shadow_decision", "shadow_rule_id");
    }

    @Test
    void anObserveRuleAfterTheDecidingRuleLeavesNoShadow() {
        // the enforcing deny comes first in precedence: the observe approval rule would not have been reached
        Verdict v = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml")).evaluate(shell("rm -rf / && git push"));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.ruleId()).isEqualTo("no-rm");
        assertThat(v.shadowDecision()).isNull();
    }

    @Test
    void theFirstObserveRuleInPrecedenceOrderIsTheShadow() {
        Verdict v = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml")).evaluate(shell("git push; curl x"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.shadowRuleId()).isEqualTo("shadow-curl");
        assertThat(v.shadowDecision()).isEqualTo(Decision.DENY);
    }

    @Test
    void anObserveAllowDoesNotAllowWhatNothingElseAllows() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                allow:
                  - id: trial-allow
                    mode: observe
                    capability: payments.refund
                  - id: other
                    capability: payments.charge
                """, "trial.yaml"));
        Verdict v = rt.evaluate(ActionEvent.builder().actor("a").capability("payments.refund").build());
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.authorized()).isFalse();
        assertThat(v.reasonCode().wireName()).isEqualTo("no_matching_rule");
        assertThat(v.ruleId()).isNull();
        assertThat(v.shadowDecision()).isEqualTo(Decision.ALLOW);
        assertThat(v.shadowRuleId()).isEqualTo("trial-allow");
    }

    @Test
    void anObserveDenyDoesNotBlockTheExecutor() {
        AtomicInteger calls = new AtomicInteger();
        Execution<String> run = ActionRuntime.fromPolicy(Policy.parse(SHADOWED, "shadow.yaml"))
                .execute(shell("curl x"), e -> {
                    calls.incrementAndGet();
                    return "done";
                });
        assertThat(calls).hasValue(1);
        assertThat(run.verdict().toolInvoked()).isTrue();
        assertThat(run.verdict().shadowRuleId()).isEqualTo("shadow-curl");
    }

    @Test
    void explainMarksTheObserveRule() {
        PolicyExplanation ex = Policy.parse(SHADOWED, "shadow.yaml").explain(shell("curl x"));
        assertThat(ex.rules()).filteredOn(r -> r.ruleId().equals("shadow-curl")).singleElement().satisfies(r -> {
            assertThat(r.mode()).isEqualTo(PolicyMode.OBSERVE);
            assertThat(r.matched()).isTrue();
        });
        assertThat(ex.decision().hasShadow()).isTrue();
        assertThat(ex.decision().ruleId()).isEqualTo("shell");
    }

    @Test
    void aRuleModeMustBeEnforceOrObserve() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(
                "deny:\n  - capability: x\n    mode: shadow\n", "m.yaml"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(11);
            assertThat(p.message()).contains("mode must be enforce or observe");
        });
    }

    // ---------------------------------------------------------------- the whole policy in observe mode

    private static ActionRuntime observing(String header) {
        return ActionRuntime.fromPolicy(Policy.parse(header + "\n" + RULES, "observe.yaml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mode: observe", "enforcement_mode: observe", "enforcement_mode: monitor"})
    void aWouldBeDenialIsLetThroughAndRecorded(String header) {
        ActionRuntime rt = observing(header);
        assertThat(rt.policy().mode()).isEqualTo(PolicyMode.OBSERVE);
        Verdict v = rt.evaluate(shell("rm -rf /"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.authorized()).isTrue();
        assertThat(v.reasonCode().wireName()).isEqualTo("observe_mode");
        assertThat(v.mode()).isEqualTo(PolicyMode.OBSERVE);
        assertThat(v.shadowDecision()).isEqualTo(Decision.DENY);
        assertThat(v.shadowRuleId()).isEqualTo("no-rm");
        assertThat(v.reason()).contains("would have been deny");
        assertThat(v.toMap()).containsEntry("mode", "observe").containsEntry("shadow_decision", "deny")
                .containsEntry("reason_code", "observe_mode");
    }

    @Test
    void aWouldBeApprovalIsLetThroughAndRecorded() {
        Verdict v = observing("mode: observe").evaluate(shell("sudo reboot"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.reasonCode().wireName()).isEqualTo("observe_mode");
        assertThat(v.shadowDecision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(v.shadowRuleId()).isEqualTo("sudo");
    }

    @Test
    void theDefaultDenialIsLetThroughAndRecorded() {
        Verdict v = observing("mode: observe").evaluate(shell("cat /etc/hosts"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.reasonCode().wireName()).isEqualTo("observe_mode");
        assertThat(v.shadowDecision()).isEqualTo(Decision.DENY);
        assertThat(v.shadowRuleId()).isNull();
        assertThat(v.ruleId()).isNull();
    }

    @Test
    void whatThePolicyAllowsKeepsItsOwnReason() {
        Verdict v = observing("mode: observe").evaluate(shell("ls -la"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_allow");
        assertThat(v.ruleId()).isEqualTo("ls");
        assertThat(v.shadowDecision()).isEqualTo(Decision.ALLOW);
        assertThat(v.mode()).isEqualTo(PolicyMode.OBSERVE);
    }

    @Test
    void theSamePolicyEnforcingDecidesWhatObserveRecords() {
        ActionRuntime enforce = observing("mode: enforce");
        ActionRuntime observe = observing("mode: observe");
        for (String cmd : new String[] {"rm -rf /", "sudo ls", "ls", "whoami", "sudo rm -rf /"}) {
            Verdict e = enforce.evaluate(shell(cmd));
            Verdict o = observe.evaluate(shell(cmd));
            assertThat(o.shadowDecision()).as(cmd).isEqualTo(e.decision());
            assertThat(o.shadowRuleId()).as(cmd).isEqualTo(e.ruleId());
            assertThat(o.decision()).as(cmd).isEqualTo(Decision.ALLOW);
            assertThat(e.mode()).isEqualTo(PolicyMode.ENFORCE);
        }
    }

    @Test
    void observeModeRunsTheExecutor() {
        AtomicInteger calls = new AtomicInteger();
        Execution<Integer> run = observing("mode: observe").execute(shell("rm -rf /"), e -> calls.incrementAndGet());
        assertThat(calls).hasValue(1);
        assertThat(run.verdict().toolInvoked()).isTrue();
        assertThat(run.verdict().shadowDecision()).isEqualTo(Decision.DENY);
    }

    @Test
    void anInvalidEventIsStillDeniedInObserveMode() {
        Verdict v = observing("mode: observe").evaluate(ActionEvent.builder().capability("shell.exec").build());
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("invalid_event");
    }

    @Test
    void blockIsEnforce() {
        ActionRuntime rt = observing("enforcement_mode: block");
        assertThat(rt.policy().mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(rt.evaluate(shell("rm -rf /")).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void modeAndEnforcementModeMustAgree() {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> Policy.parse("mode: enforce\nenforcement_mode: observe\n" + RULES, "x.yaml"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("disagrees");
        });
        assertThat(Policy.parse("mode: observe\nenforcement_mode: monitor\n" + RULES, "x.yaml").mode())
                .isEqualTo(PolicyMode.OBSERVE);
    }

    @Test
    void anExtendedObservePolicyShadowsInsideAnEnforcingOne() throws Exception {
        Files.writeString(dir.resolve("trial.yaml"), """
                name: trial
                mode: observe
                deny:
                  - id: trial-no-curl
                    capability: shell.exec
                    contains: curl
                """);
        Path root = dir.resolve("root.yaml");
        Files.writeString(root, "extends: [trial.yaml]\nallow:\n  - id: shell\n    capability: shell.exec\n");
        Policy p = Policy.load(root);
        assertThat(p.mode()).isEqualTo(PolicyMode.ENFORCE);
        Verdict v = ActionRuntime.fromPolicy(p).evaluate(shell("curl x"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(v.shadowRuleId()).isEqualTo("trial-no-curl");
    }
}
