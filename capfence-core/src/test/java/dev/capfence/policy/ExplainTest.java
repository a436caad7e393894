package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Explanation;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** explain: every rule against the event, each condition with what the event had, and the deciding rule. */
class ExplainTest {

    private static final Policy POLICY = Policy.parse("""
            deny:
              - id: no-rm
                reason: destructive command
                capability: shell.exec
                contains: "rm -rf"
              - id: no-etc
                capability: fs
                path_prefix: /etc
            require_approval:
              - id: big-refund
                capability: payments.refund
                amount_gt: 1000
                when: {payload.currency: {in: [EUR, USD]}}
            allow:
              - id: refunds
                capability: payments.refund
                actor: "support-*"
              - id: shell
                capability: shell.exec
            """, "explain.yaml");

    private static final ActionRuntime RUNTIME = ActionRuntime.fromPolicy(POLICY);

    private static PolicyExplanation.RuleTrace rule(PolicyExplanation ex, String id) {
        return ex.rules().stream().filter(r -> r.ruleId().equals(id)).findFirst().orElseThrow();
    }

    private static ActionEvent refund(Object amount, String currency) {
        return ActionEvent.builder().actor("support-bot").capability("payments.refund")
                .payload(Map.of("amount", amount, "currency", currency)).build();
    }

    @Test
    void everyRuleIsListedInPrecedenceOrder() {
        Explanation ex = RUNTIME.explain(refund(50, "EUR"));
        assertThat(ex.policy().rules()).extracting(PolicyExplanation.RuleTrace::ruleId)
                .containsExactly("no-rm", "no-etc", "big-refund", "refunds", "shell");
        assertThat(ex.policy().rules()).extracting(PolicyExplanation.RuleTrace::decision)
                .containsExactly(Decision.DENY, Decision.DENY, Decision.REQUIRE_APPROVAL, Decision.ALLOW, Decision.ALLOW);
        assertThat(ex.policy().rules()).allSatisfy(r -> assertThat(r.source()).startsWith("explain.yaml:"));
        assertThat(rule(ex.policy(), "no-etc").source()).isEqualTo("explain.yaml:6");
    }

    @Test
    void theDecidingRuleIsNamedAndMatched() {
        Explanation ex = RUNTIME.explain(refund(5000, "EUR"));
        Verdict v = ex.verdict();
        assertThat(v.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(v.ruleId()).isEqualTo("big-refund");
        assertThat(ex.policy().decision().decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(ex.policy().decision().ruleId()).isEqualTo("big-refund");
        assertThat(ex.policy().decision().matched()).isTrue();
        assertThat(rule(ex.policy(), "big-refund").matched()).isTrue();
        // the allow rule matches as well, but loses on precedence; the rules that do not apply are not matched
        assertThat(rule(ex.policy(), "refunds").matched()).isTrue();
        assertThat(rule(ex.policy(), "no-rm").matched()).isFalse();
        assertThat(rule(ex.policy(), "shell").matched()).isFalse();
        // the deciding rule is the first matched rule in precedence order
        assertThat(ex.policy().rules().stream().filter(PolicyExplanation.RuleTrace::matched).findFirst().orElseThrow().ruleId())
                .isEqualTo(v.ruleId());
    }

    @Test
    void theExplanationAgreesWithEvaluate() {
        for (ActionEvent e : List.of(refund(5000, "EUR"), refund(5000, "JPY"), refund(10, "EUR"),
                ActionEvent.builder().actor("a").capability("shell.exec").payload(Map.of("c", "rm -rf /")).build(),
                ActionEvent.builder().actor("a").capability("fs.read").payload(Map.of("path", "/etc/x")).build(),
                ActionEvent.builder().actor("a").capability("db.drop").build())) {
            Verdict evaluated = RUNTIME.evaluate(e);
            Explanation ex = RUNTIME.explain(e);
            assertThat(ex.verdict().decision()).isEqualTo(evaluated.decision());
            assertThat(ex.verdict().ruleId()).isEqualTo(evaluated.ruleId());
            assertThat(ex.verdict().reasonCode()).isEqualTo(evaluated.reasonCode());
            assertThat(ex.policy().decision().ruleId()).isEqualTo(evaluated.ruleId());
        }
    }

    @Test
    void eachConditionShowsWhatItNeedsWhatTheEventHadAndWhetherItHeld() {
        PolicyExplanation ex = POLICY.explain(refund(5000, "JPY"));
        PolicyExplanation.RuleTrace big = rule(ex, "big-refund");
        assertThat(big.matched()).isFalse();
        assertThat(big.conditions()).satisfiesExactly(
                c -> {
                    assertThat(c.condition()).contains("payments.refund");
                    assertThat(c.observed()).isEqualTo("payments.refund");
                    assertThat(c.held()).isTrue();
                },
                c -> {
                    assertThat(c.condition()).isEqualTo("amount > 1000");
                    assertThat(c.observed()).isEqualTo("5000");
                    assertThat(c.held()).isTrue();
                },
                c -> {
                    assertThat(c.condition()).contains("payload.currency").contains("in").contains("EUR").contains("USD");
                    assertThat(c.observed()).contains("JPY");
                    assertThat(c.held()).isFalse();
                });
        assertThat(ex.decision().ruleId()).isEqualTo("refunds");
    }

    @Test
    void textAndPathConditionsShowWhatWasFound() {
        PolicyExplanation rm = POLICY.explain(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", "RM  -RF /")).build());
        PolicyExplanation.ConditionTrace contains = rule(rm, "no-rm").conditions().get(1);
        assertThat(contains.held()).isTrue();
        assertThat(contains.observed()).contains("found").contains("rm -rf");
        assertThat(rm.decision().reason()).isEqualTo("destructive command");

        PolicyExplanation ls = POLICY.explain(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", "ls -la")).build());
        assertThat(rule(ls, "no-rm").conditions().get(1).observed()).contains("none found").contains("ls -la");
        assertThat(rule(ls, "no-rm").conditions().get(1).held()).isFalse();

        PolicyExplanation etc = POLICY.explain(ActionEvent.builder().actor("a").capability("fs.write")
                .payload(Map.of("path", "/srv/../etc/./passwd")).build());
        PolicyExplanation.ConditionTrace path = rule(etc, "no-etc").conditions().get(1);
        assertThat(path.observed()).as("the canonical path").endsWith(" = [/etc/passwd]");
        assertThat(path.held()).isTrue();
    }

    @Test
    void aCapabilityThatDoesNotApplyIsShownAsNotHeld() {
        PolicyExplanation ex = POLICY.explain(refund(5, "EUR"));
        PolicyExplanation.ConditionTrace cap = rule(ex, "no-rm").conditions().get(0);
        assertThat(cap.held()).isFalse();
        assertThat(cap.observed()).isEqualTo("payments.refund");
        assertThat(cap.condition()).contains("shell.exec");
    }

    @Test
    void theDefaultDenialHasNoDecidingRule() {
        Explanation ex = RUNTIME.explain(ActionEvent.builder().actor("a").capability("db.drop").build());
        assertThat(ex.verdict().reasonCode().wireName()).isEqualTo("no_matching_rule");
        assertThat(ex.policy().decision().matched()).isFalse();
        assertThat(ex.policy().decision().ruleId()).isNull();
        assertThat(ex.policy().rules()).hasSize(POLICY.ruleCount()).noneMatch(PolicyExplanation.RuleTrace::matched);
    }

    @Test
    void anErrorInAConditionIsShownNotThrown() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: redos
                    match_regex: "(?=(a+)+b)"
                allow:
                  - id: all
                    capability: "*"
                """, "err.yaml"));
        Explanation ex = rt.explain(ActionEvent.builder().actor("a").capability("c")
                .payload(Map.of("t", "a".repeat(3_000))).build());
        assertThat(ex.verdict().reasonCode().wireName()).isEqualTo("policy_error");
        PolicyExplanation.ConditionTrace c = ex.policy().rules().get(0).conditions().get(0);
        assertThat(c.held()).isFalse();
        assertThat(c.observed()).startsWith("error:").contains("budget");
        assertThat(ex.policy().decision().decision()).isEqualTo(Decision.DENY);
        assertThat(ex.policy().decision().ruleId()).as("no rule decided: the error did").isNull();
        assertThat(ex.policy().decision().reason()).contains("budget");
        assertThat(ex.policy().rules().get(1).matched()).as("the allow rule still shows as matching").isTrue();
    }

    @Test
    void deepRecursionInAConditionIsShownNotThrown() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: deep
                    match_regex: "(?=.)(a|b)*c"
                allow:
                  - id: all
                    capability: "*"
                """, "deep.yaml"));
        Explanation ex = rt.explain(ActionEvent.builder().actor("a").capability("c")
                .payload(Map.of("t", "ab".repeat(200_000))).build());
        assertThat(ex.verdict().reasonCode().wireName()).isEqualTo("policy_error");
        assertThat(ex.policy().decision().decision()).isEqualTo(Decision.DENY);
        assertThat(ex.policy().rules().get(0).conditions().get(0).held()).isFalse();
        assertThat(ex.policy().rules().get(0).conditions().get(0).observed()).startsWith("error:").doesNotEndWith("null");
        assertThat(ex.policy().decision().reason()).doesNotEndWith("null");
    }
}
