package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.event.ActionEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream CapFence's spellings, translated to the native form before compiling. */
class UpstreamDialectTest {

    private static final String UPSTREAM = """
            policy_name: pay
            enforcement_mode: monitor
            approval_timeout_seconds: 90
            rules:
              - id: wires
                match_keywords: [wire]
                action: block
              - capability: payments.refund
                action: require_approval
            risk_levels:
              critical: {action: block}
              high: {action: require_approval}
              low: {action: allow}
            allow:
              - capability: payments.*
            """;

    private static final String NATIVE = """
            name: pay
            mode: observe
            approval: {timeout: 90s}
            deny:
              - id: wires
                match_keywords: [wire]
              - risk_level: critical
                reason: risk level critical
            require_approval:
              - capability: payments.refund
              - risk_level: high
                reason: risk level high
            allow:
              - capability: payments.*
            """;

    private static ActionEvent event(String capability, Map<String, Object> payload, Map<String, Object> context) {
        return ActionEvent.builder().actor("a").capability(capability).payload(payload).context(context).build();
    }

    private static List<PolicyProblem> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(yaml, "up.yaml"));
        assertThat(e).as("should not load:\n" + yaml).isNotNull();
        return e.problems();
    }

    @Test
    void anUpstreamFileDecidesLikeItsNativeForm() {
        Policy upstream = Policy.parse(UPSTREAM, "up.yaml");
        Policy nativeForm = Policy.parse(NATIVE, "native.yaml");
        assertThat(upstream.name()).isEqualTo(nativeForm.name()).isEqualTo("pay");
        assertThat(upstream.mode()).isEqualTo(nativeForm.mode()).isEqualTo(PolicyMode.OBSERVE);
        assertThat(upstream.approvalSettings()).isEqualTo(nativeForm.approvalSettings()).containsEntry("timeout", "90s");
        assertThat(upstream.ruleCount()).isEqualTo(nativeForm.ruleCount());
        List<ActionEvent> events = List.of(
                event("payments.transfer", Map.of("memo", "wire it"), Map.of()),
                event("payments.refund", Map.of("amount", 5), Map.of()),
                event("payments.charge", Map.of(), Map.of("risk_level", "CRITICAL")),
                event("payments.charge", Map.of(), Map.of("risk_level", "high")),
                event("payments.charge", Map.of(), Map.of("risk_level", "low")),
                event("shell.exec", Map.of(), Map.of()));
        for (ActionEvent e : events) {
            PolicyDecision u = upstream.decide(e);
            PolicyDecision n = nativeForm.decide(e);
            assertThat(u.decision()).as(e.toString()).isEqualTo(n.decision());
            assertThat(u.reason()).as(e.toString()).isEqualTo(n.reason());
        }
    }

    @Test
    void upstreamRulesKeepTheirNamesAndDecisions() {
        Policy upstream = Policy.parse(UPSTREAM, "up.yaml");
        assertThat(upstream.decide(event("payments.refund", Map.of(), Map.of())).ruleId()).isEqualTo("rules[1]");
        PolicyDecision critical = upstream.decide(event("x", Map.of(), Map.of("risk_level", "critical")));
        assertThat(critical.ruleId()).isEqualTo("risk_levels.critical");
        assertThat(critical.decision()).isEqualTo(Decision.DENY);
        assertThat(critical.reason()).isEqualTo("risk level critical");
        assertThat(upstream.explain(event("x", Map.of(), Map.of())).rules())
                .extracting(PolicyExplanation.RuleTrace::ruleId, PolicyExplanation.RuleTrace::source)
                .contains(org.assertj.core.groups.Tuple.tuple("risk_levels.high", "up.yaml:12"));
    }

    @Test
    void approvalTimeoutSecondsFillsOnlyWhatTheBlockLeavesUnset() {
        String rules = "allow:\n  - capability: x\n";
        assertThat(Policy.parse("approval_timeout_seconds: 30\napproval: {approvers: [ops-*]}\n" + rules, "a.yaml")
                .approvalSettings()).isEqualTo(Map.of("approvers", List.of("ops-*"), "timeout", "30s"));
        assertThat(Policy.parse("approval_timeout_seconds: 30\napproval: {timeout: 5m}\n" + rules, "a.yaml")
                .approvalSettings()).isEqualTo(Map.of("timeout", "5m"));
        assertThat(problems("approval_timeout_seconds: 0.0000001\n" + rules))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(1);
                    assertThat(p.column()).isEqualTo(27);
                    assertThat(p.message()).contains("approval timeout").contains("not a positive duration");
                });
    }

    @Test
    void problemsWithUpstreamSpellingsAreReportedWhereTheyAreWritten() {
        assertThat(problems("name: a\npolicy_name: b\nallow:\n  - capability: x\n")).singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).isEqualTo("name and policy_name disagree; write one of them");
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.column()).isEqualTo(1);
                });
        // a legacy rule with a bad action still has its other keys checked
        List<PolicyProblem> ps = problems("rules:\n  - capability: x\n    action: maybe\n    capabilty: y\n");
        assertThat(ps).extracting(PolicyProblem::message).containsExactlyInAnyOrder(
                "action must be block, deny, allow or require_approval",
                "unknown key 'capabilty' in a rule under rules (did you mean 'capability'?)");
        assertThat(ps).extracting(PolicyProblem::line).containsExactlyInAnyOrder(3, 4);
        assertThat(problems("rules:\n  - capability: x\n")).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("a rule under rules needs action");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(5);
        });
        assertThat(problems("risk_levels:\n  high: {action: block, level: 3}\nallow:\n  - capability: x\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.message()).isEqualTo("unknown risk level key 'level'");
                    assertThat(p.line()).isEqualTo(2);
                });
    }

    @Test
    void actionIsOnlyForLegacyRules() {
        assertThat(problems("deny:\n  - capability: x\n    action: block\n")).singleElement()
                .extracting(PolicyProblem::message).asString()
                .startsWith("unknown key 'action' in a deny rule")
                .endsWith("; action is only for rules under 'rules'");
    }
}
