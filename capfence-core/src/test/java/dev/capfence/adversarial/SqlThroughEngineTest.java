package dev.capfence.adversarial;

import static dev.capfence.adversarial.AdversarialPolicies.SQL;
import static dev.capfence.adversarial.AdversarialPolicies.SQL_CAPABILITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL analyzer corpora, run through the public engine API on a realistic database policy. */
class SqlThroughEngineTest {

    private static final ActionRuntime RUNTIME = AdversarialPolicies.runtime(SQL, "sql.yaml");

    @Test
    void noEvasionIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.sql("evasions.txt");
        assertThat(lines).as("sql evasions").hasSizeGreaterThan(40);
        assertThat(AdversarialPolicies.allowedButMustNot(RUNTIME, SQL_CAPABILITY, "query", lines))
                .as("sql evasions the engine did not deny").isEmpty();
    }

    @Test
    void everyLookalikeIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.sql("lookalikes.txt");
        assertThat(lines).as("sql look-alikes").hasSizeGreaterThan(20);
        assertThat(AdversarialPolicies.notAllowedButMust(RUNTIME, SQL_CAPABILITY, "query", "sql-parseable", lines))
                .as("sql look-alikes the engine did not allow").isEmpty();
    }
}
