package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.LS_EVENT;
import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @TempDir
    Path dir;

    Path policy;
    Path rmRf;

    @BeforeEach
    void files() {
        policy = write(dir, "shell.yaml", SEED_POLICY);
        rmRf = write(dir, "rm.json", RM_RF_EVENT);
    }

    @Test
    void textShowsEveryRuleEveryConditionAndTheDecidingRule() {
        Cli.Run run = Cli.run("explain", "--policy", policy.toString(), "--event", rmRf.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                Decision: deny (policy_deny)
                Reason: policy_deny
                Capability: shell.exec.production

                Rules, in precedence order (deny, require_approval, allow):
                [match] deny deny[0] at %1$s:2
                    + capability shell.exec.production (or a sub-capability); event had: shell.exec.production
                    + payload text contains ["rm -rf"]; event had: found ["rm -rf"]
                [no match] allow allow[0] at %1$s:5
                    - capability shell.exec.readonly (or a sub-capability); event had: shell.exec.production

                Decided by rule deny[0] (deny)
                """.formatted(policy));
    }

    @Test
    void noMatchingRuleIsADefaultDenial() {
        Path event = write(dir, "mail.json", "{\"actor\":\"a\",\"capability\":\"mail.send\"}");

        Cli.Run run = Cli.run("explain", "--policy", policy.toString(), "--event", event.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Decision: deny (no_matching_rule)")
                .doesNotContain("[match]")
                .endsWith("No rule matched: denied by default (no rule allows this action)\n");
    }

    @Test
    void anInvalidEventIsExplainedAsDenied() {
        Path event = write(dir, "bad.json", "[]");

        Cli.Run run = Cli.run("explain", "--policy", policy.toString(), "--event", event.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Decision: deny (invalid_event)").contains("The event is invalid");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasTheVerdictAndEveryRuleTrace() {
        Path event = write(dir, "ls.json", LS_EVENT);

        Cli.Run run = Cli.run("explain", "--policy", policy.toString(), "--event", event.toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).hasSize(1);
        Map<String, Object> doc = json(run.out());
        assertThat(doc).containsOnlyKeys("verdict", "rules");
        assertThat((Map<String, Object>) doc.get("verdict")).containsEntry("id", "ls-1")
                .containsEntry("decision", "allow").containsEntry("rule_id", "allow[0]");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) doc.get("rules");
        assertThat(rules).extracting(r -> r.get("rule_id")).containsExactly("deny[0]", "allow[0]");
        assertThat(rules).extracting(r -> r.get("matched")).containsExactly(false, true);
        Map<String, Object> deny = rules.get(0);
        assertThat(List.copyOf(deny.keySet()))
                .containsExactly("rule_id", "decision", "mode", "source", "matched", "conditions");
        assertThat(deny).containsEntry("decision", "deny").containsEntry("mode", "enforce")
                .containsEntry("source", policy + ":2");
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) deny.get("conditions");
        assertThat(conditions).hasSize(2);
        assertThat(conditions.get(0)).containsOnlyKeys("condition", "observed", "held")
                .containsEntry("observed", "shell.exec.readonly").containsEntry("held", false);
    }

    @Test
    void policyExplainIsTheUpstreamSpelling() {
        Cli.Run run = Cli.run("policy", "explain", "--policy", policy.toString(), "--event", rmRf.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Decision: deny (policy_deny)").contains("Decided by rule deny[0]");
    }

    @Test
    void anInvalidPolicyExits2WithNothingOnStdout() {
        Path bad = write(dir, "bad.yaml", "allow:\n  - capability: \"pay[ments\"\n");

        Cli.Run run = Cli.run("explain", "--policy", bad.toString(), "--event", rmRf.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(bad + ":2:");
    }

    @Test
    void theEventCanComeFromStdin() {
        Cli.Run run = Cli.runWithStdin(RM_RF_EVENT, "explain", "--policy", policy.toString(), "--event", "-",
                "--format", "json");

        assertThat(run.exit()).isZero();
        assertThat(json(run.out())).containsKey("rules");
    }

    @Test
    void anObserveOnlyRuleIsMarkedAndItsShadowOutcomeNamed() {
        Path shadow = write(dir, "shadow.yaml", """
                deny:
                  - id: new-deny
                    mode: observe
                    capability: shell.exec
                    contains: rm
                allow:
                  - capability: shell.exec.production
                """);

        Cli.Run run = Cli.run("explain", "--policy", shadow.toString(), "--event", rmRf.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Decision: allow (policy_allow)")
                .contains("[match] deny new-deny (observe only) at " + shadow + ":2")
                .contains("Decided by rule allow[0] (allow)")
                .endsWith("Observe-only rule new-deny would have decided deny\n");
    }
}
