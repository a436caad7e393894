package dev.capfence.packs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.suite.PolicySuite;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped pack loads from the classpath and passes its own cases. */
class PolicyPacksTest {

    static Stream<String> packs() {
        return Stream.of("shell", "sql", "filesystem", "payments", "mcp", "kubernetes");
    }

    @ParameterizedTest
    @MethodSource("packs")
    void everyVariantLoadsFromTheClasspath(String pack) {
        for (String variant : new String[] {"baseline", "strict", "permissive"}) {
            Policy policy = Policy.load("classpath:capfence/packs/" + pack + "/" + variant + ".yaml");
            assertThat(policy.ruleCount()).as(pack + "/" + variant).isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("packs")
    void everyCasePasses(String pack) throws URISyntaxException {
        Path cases = Path.of(getClass().getResource("/capfence/packs/" + pack + "/cases.yaml").toURI());
        PolicySuite.Result result = PolicySuite.load(cases).run();
        assertThat(result.cases()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(result.cases()).allSatisfy(c -> assertThat(c.failure()).as(c.name()).isNull());
    }

    @Test
    void aUserPolicyExtendsAPackFromTheClasspath() {
        Policy policy = Policy.parse("""
                extends: [classpath:capfence/packs/shell/baseline.yaml]
                allow:
                  - id: make
                    capability: shell.exec
                    command: {program: make}
                """, "mine.yaml");
        ActionRuntime runtime = ActionRuntime.fromPolicy(policy);
        assertThat(runtime.evaluate(shell("make test")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(runtime.evaluate(shell("make test; rm -rf /")).decision()).isEqualTo(Decision.DENY);
        assertThat(runtime.evaluate(shell("git status")).ruleId()).isEqualTo("shell-git-read");
    }

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }
}
