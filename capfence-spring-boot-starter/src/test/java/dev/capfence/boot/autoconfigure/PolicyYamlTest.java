package dev.capfence.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyYamlTest {

    @Test
    void rendersWhatSpringBoundAsAPolicyTheCoreAccepts() {
        // As the binder hands them over: strings everywhere, lists sometimes as maps keyed by index.
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("program", "rm");
        command.put("flags_any", new LinkedHashMap<>(Map.of("0", "r", "1", "recursive")));
        Map<String, Object> deny = new LinkedHashMap<>();
        deny.put("id", "no: \"rm\" #1");
        deny.put("capability", "shell.exec");
        deny.put("command", command);
        Map<String, Object> allow = new LinkedHashMap<>();
        allow.put("capability", "*");
        allow.put("amount_lte", "100.5");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("deny", List.of(deny));
        doc.put("allow", List.of(allow));

        String yaml = PolicyYaml.render(doc);
        Policy policy = Policy.parse(yaml, "inline");

        assertThat(yaml).contains("amount_lte: 100.5\n", "\"no: \\\"rm\\\" #1\"");
        assertThat(policy.decide(ActionEvent.create("a", "shell", "exec", null,
                Map.of("command", "rm -rf /tmp/x"))).ruleId()).isEqualTo("no: \"rm\" #1");
        assertThat(policy.decide(ActionEvent.create("a", "x", "y", null, Map.of("amount", 100))).decision())
                .isEqualTo(Decision.ALLOW);
    }
}
