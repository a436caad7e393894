package dev.capfence.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEventJson;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The files in examples/ that the README tells people to run keep doing what it says. */
class ShippedExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theSeedEventIsDeniedByTheShellExample() throws Exception {
        ActionRuntime runtime = ActionRuntime.fromPolicy(EXAMPLES.resolve("shell.yaml"));
        Verdict v = runtime.execute(ActionEventJson.parse(Files.readString(EXAMPLES.resolve("rm-rf.json"))));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.ruleId()).isEqualTo("no-recursive-delete-in-production");
        assertThat(v.reason()).isEqualTo("Recursive deletes in production are never run by an agent");
        assertThat(v.toolInvoked()).isFalse();
    }

    @Test
    void theRefundSuitePasses() {
        PolicySuite.Result result = PolicySuite.load(EXAMPLES.resolve("refunds-cases.yaml")).run();
        assertThat(result.cases()).hasSize(4).allSatisfy(c -> assertThat(c.failure()).isNull());
    }

    @Test
    void everyExamplePolicyLoads() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            var policies = files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith("-cases.yaml")).toList();
            assertThat(policies).hasSize(2);
            policies.forEach(p -> assertThat(Policy.lint(p)).as(p.toString()).isEmpty());
        }
    }
}
