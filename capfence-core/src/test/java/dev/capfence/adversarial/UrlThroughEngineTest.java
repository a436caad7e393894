package dev.capfence.adversarial;

import static dev.capfence.adversarial.AdversarialPolicies.URL;
import static dev.capfence.adversarial.AdversarialPolicies.URL_CAPABILITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The URL corpora, run through the public engine API on a policy allowing two API hosts. */
class UrlThroughEngineTest {

    private static final ActionRuntime RUNTIME = AdversarialPolicies.runtime(URL, "url.yaml");

    @Test
    void noEvasionIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.plain("url", "evasions.txt");
        assertThat(lines).as("url evasions").hasSizeGreaterThan(40);
        for (String key : List.of("url", "uri", "endpoint")) {
            assertThat(AdversarialPolicies.allowedButMustNot(RUNTIME, URL_CAPABILITY, key, lines))
                    .as("url evasions under %s the engine did not deny", key).isEmpty();
        }
    }

    @Test
    void everyLookalikeIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.plain("url", "lookalikes.txt");
        assertThat(lines).as("url look-alikes").hasSizeGreaterThan(20);
        for (String key : List.of("url", "uri", "endpoint")) {
            assertThat(AdversarialPolicies.notAllowedButMust(RUNTIME, URL_CAPABILITY, key, "url-allowed-api", lines))
                    .as("url look-alikes under %s the engine did not allow", key).isEmpty();
        }
    }
}
