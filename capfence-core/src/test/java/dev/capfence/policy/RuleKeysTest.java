package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rule key table: the one list that unknown-key detection, suggestions and compilation read. */
class RuleKeysTest {

    @Test
    void everyKeyInTheTableIsAcceptedAndNoOtherIs() {
        for (String key : RuleKeys.NAMES) {
            assertThat(RuleKeys.named(key)).isNotNull().extracting(RuleKeys.Key::name).isEqualTo(key);
        }
        assertThat(RuleKeys.named("action")).as("action belongs to legacy rules only, translated away").isNull();
        assertThat(RuleKeys.named("frobnicate")).isNull();
    }

    @Test
    void aTypoOfAnyKeyIsAnErrorThatSuggestsThatKey() {
        for (String key : RuleKeys.NAMES) {
            String typo = "q" + key;
            PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(
                    "deny:\n  - capability: x\n    " + typo + ": 1\n", "t.yaml"));
            assertThat(e).as(typo).isNotNull();
            assertThat(e.problems()).as(typo).anySatisfy(p -> {
                assertThat(p.message()).startsWith("unknown key '" + typo + "' in a deny rule")
                        .contains("did you mean '" + key + "'");
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.column()).isEqualTo(5);
            });
        }
    }

    /** Upstream CapFence's own policies are the evidence for which keys are its spelling. */
    @Test
    void everyKeyUpstreamPoliciesWriteIsMarkedUpstream() throws Exception {
        Path root = Path.of(RuleKeysTest.class.getResource("/upstream/LICENSE").toURI()).getParent().resolve("policies");
        List<String> seen = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                YamlNode doc = new YamlReader(new Problems(f.toString())).read(Files.readString(f));
                for (String section : List.of("deny", "require_approval", "allow", "rules")) {
                    YamlNode list = doc.get(section);
                    for (YamlNode rule : list == null ? List.<YamlNode>of() : list.items) {
                        rule.entries.stream().map(YamlNode.Entry::key).filter(k -> !k.equals("action"))
                                .forEach(seen::add);
                    }
                }
            }
        }
        assertThat(seen).isNotEmpty();
        for (String key : seen) {
            assertThat(RuleKeys.named(key)).as(key).isNotNull();
            assertThat(RuleKeys.named(key).upstream()).as(key + " is written by upstream policies").isTrue();
        }
    }

    @Test
    void explainListsConditionsOfEqualCostInTableOrder() {
        Policy p = Policy.parse("""
                deny:
                  - id: r
                    environment: prod
                    tool: psql
                    actor: bob
                """, "o.yaml");
        PolicyExplanation ex = p.explain(dev.capfence.event.ActionEvent.builder().actor("bob").capability("c")
                .tool("psql").environment("prod").build());
        List<String> conditions = ex.rules().get(0).conditions().stream()
                .map(PolicyExplanation.ConditionTrace::condition).toList();
        List<String> expectedOrder = RuleKeys.NAMES.stream()
                .filter(k -> List.of("environment", "tool", "actor").contains(k)).toList();
        assertThat(conditions).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(conditions.get(i)).startsWith(expectedOrder.get(i));
        }
    }
}
