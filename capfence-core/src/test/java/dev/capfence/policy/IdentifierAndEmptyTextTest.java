package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Names an agent writes match ignoring case; identities match exactly; empty texts cannot match everything. */
class IdentifierAndEmptyTextTest {

    private static final Policy POLICY = Policy.parse("""
            deny:
              - capability: shell.exec
                environment: production
                contains: "rm -rf"
            allow:
              - capability: "*"
                actor: ops-agent
            """, "case.yaml");

    private static Decision decide(String actor, String capability, String environment) {
        return ActionRuntime.fromPolicy(POLICY).evaluate(ActionEvent.builder().actor(actor).capability(capability)
                .environment(environment).payload(Map.of("command", "rm -rf /")).build()).decision();
    }

    @Test
    void capabilityAndEnvironmentIgnoreCaseSoADenyCannotBeDodged() {
        assertThat(decide("ops-agent", "shell.exec", "production")).isEqualTo(Decision.DENY);
        assertThat(decide("ops-agent", "SHELL.EXEC", "production")).isEqualTo(Decision.DENY);
        assertThat(decide("ops-agent", "Shell.Exec.Prod", "PRODUCTION")).isEqualTo(Decision.DENY);
        assertThat(decide("ops-agent", "shell.exec", "staging")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void actorsAreIdentitiesAndMatchExactly() {
        assertThat(decide("OPS-AGENT", "mail.send", "production")).isEqualTo(Decision.DENY);
        assertThat(decide("ops-agent", "mail.send", "production")).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contains: \"\"", "match_keywords: [x, \"\"]", "match_regex: \"\"", "path_prefix: \"\""})
    void anEmptyTextIsALoadError(String condition) {
        assertThatThrownBy(() -> Policy.parse("allow:\n  - capability: x\n    " + condition + "\n", "empty.yaml"))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.message()).contains("empty");
                        }));
    }
}
