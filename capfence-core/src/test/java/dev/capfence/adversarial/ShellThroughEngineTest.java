package dev.capfence.adversarial;

import static dev.capfence.adversarial.AdversarialPolicies.SHELL;
import static dev.capfence.adversarial.AdversarialPolicies.SHELL_CAPABILITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell parser corpora, run through the public engine API on a realistic shell policy. */
class ShellThroughEngineTest {

    private static final ActionRuntime RUNTIME = AdversarialPolicies.runtime(SHELL, "shell.yaml");

    @Test
    void noEvasionIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.shell("evasions.txt");
        assertThat(lines).as("shell evasions").hasSizeGreaterThan(40);
        assertThat(AdversarialPolicies.allowedButMustNot(RUNTIME, SHELL_CAPABILITY, "command", lines))
                .as("shell evasions the engine did not deny").isEmpty();
    }

    @Test
    void everyLookalikeIsAllowed() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.shell("lookalikes.txt");
        assertThat(lines).as("shell look-alikes").hasSizeGreaterThan(20);
        assertThat(AdversarialPolicies.notAllowedButMust(RUNTIME, SHELL_CAPABILITY, "command", "shell-parseable", lines))
                .as("shell look-alikes the engine did not allow").isEmpty();
    }

    @Test
    void lookalikesWithRunTimeValuesAreLeftToTheDefault() {
        // `echo $(pwd)` prints harmlessly, but what a run-time value becomes is unknown: no allow covers it,
        // and no deny rule may fire either
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.shell("lookalikes-runtime.txt");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        for (AdversarialCorpus.Line line : lines) {
            Verdict v = RUNTIME.evaluate(AdversarialPolicies.event(SHELL_CAPABILITY, "command", line.input()));
            assertThat(v.ruleId()).as("rule for <%s>", line.shown()).isNull();
            assertThat(v.authorized()).as("authorized <%s>", line.shown()).isFalse();
        }
    }

    @Test
    void theOtherDefaultKeysAreReadToo() {
        // cmd and script are default keys of command: the corpus holds under them as well
        for (String key : List.of("cmd", "script")) {
            assertThat(AdversarialPolicies.allowedButMustNot(RUNTIME, SHELL_CAPABILITY, key,
                    AdversarialCorpus.shell("evasions.txt"))).as("evasions under %s", key).isEmpty();
            assertThat(AdversarialPolicies.notAllowedButMust(RUNTIME, SHELL_CAPABILITY, key, "shell-parseable",
                    AdversarialCorpus.shell("lookalikes.txt"))).as("look-alikes under %s", key).isEmpty();
        }
    }
}
