package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every counterexample the differential harness found, with what the real shells did, replayed against the
 * reader and the sandbox policy on every build: no sandbox needed.
 */
class ShellRegressionTest {

    @Test
    void everyRecordedRunIsPredictedAndNoForbiddenEffectIsAllowed() {
        List<Observation> cases = RegressionStore.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        EffectCheck policy = new EffectCheck();
        List<String> failures = new ArrayList<>();
        for (Observation o : cases) {
            if (ShellDifferentialTest.fails(o, policy)) {
                failures.add(ShellDifferentialTest.describe(o, policy));
            }
        }
        assertThat(failures).as("recorded runs the reader or the policy gets wrong").isEmpty();
    }

    @Test
    void theRecordedCasesHoldForbiddenEffectsAndDialectDifferences() {
        List<Observation> cases = RegressionStore.load();
        assertThat(cases).anyMatch(o -> !EffectCheck.forbidden(o).isEmpty());
        assertThat(cases).anyMatch(o -> o.shell() == RealShell.DASH);
        assertThat(cases).anyMatch(o -> o.shell() == RealShell.BASH);
    }
}
