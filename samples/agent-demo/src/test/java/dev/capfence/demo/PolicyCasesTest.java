package dev.capfence.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.suite.PolicySuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo policy decides every case in policy-cases.yaml as written, the same run as {@code capfence test}. */
class PolicyCasesTest {

    @Test
    void everyCaseGetsItsExpectedVerdict() throws Exception {
        Path suite = Path.of(PolicyCasesTest.class.getResource("/policy-cases.yaml").toURI());

        PolicySuite.Result result = PolicySuite.load(suite).run();

        assertThat(result.cases()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(result.cases()).allSatisfy(c -> assertThat(c.failure()).as(c.name()).isNull());
    }
}
