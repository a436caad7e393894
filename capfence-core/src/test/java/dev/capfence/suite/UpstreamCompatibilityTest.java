package dev.capfence.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Policy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every upstream policy loads, and every upstream starter-pack case gets upstream's verdict. */
class UpstreamCompatibilityTest {

    static Path upstream() throws URISyntaxException {
        return Path.of(UpstreamCompatibilityTest.class.getResource("/upstream/LICENSE").toURI()).getParent();
    }

    static Stream<Path> upstreamPolicies() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(upstream())) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().contains("/tests/"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("upstreamPolicies")
    void everyUpstreamPolicyLoads(Path file) {
        Policy policy = Policy.load(file);
        assertThat(policy.ruleCount()).isPositive();
        assertThat(policy.sha256()).hasSize(64);
    }

    @Test
    void upstreamHasTheExpectedNumberOfPolicies() throws Exception {
        assertThat(upstreamPolicies().count()).isEqualTo(30); // 26 policies and packs, 4 side-effect examples
    }

    @Test
    void everyStarterPackCasePasses() throws Exception {
        PolicySuite.Result result = PolicySuite.load(
                upstream().resolve("tests/fixtures/policy-packs/starter_pack_cases.yaml")).run();
        List<PolicySuite.CaseResult> failures = result.cases().stream().filter(c -> !c.passed()).toList();
        assertThat(failures).isEmpty();
        assertThat(result.cases()).hasSize(25);
    }
}
