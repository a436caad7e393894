package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy's limits and approval settings are parsed and validated at load, every error located. */
class LimitPolicyTest {

    private static final String ALLOW = "allow:\n  - capability: payments\n";

    private static List<PolicyProblem> problems(String yaml) {
        try {
            Policy.parse(yaml + ALLOW, "bad.yaml");
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("expected the policy to be rejected");
    }

    private static PolicyProblem only(String yaml, int line, int column) {
        List<PolicyProblem> ps = problems(yaml);
        assertThat(ps).as("problems %s", ps).hasSize(1);
        assertThat(ps.get(0).line()).as("line of %s", ps.get(0)).isEqualTo(line);
        assertThat(ps.get(0).column()).as("column of %s", ps.get(0)).isEqualTo(column);
        return ps.get(0);
    }

    @Test
    void parsesALimit() {
        Policy p = Policy.parse("""
                limits:
                  - id: refunds-per-actor
                    capability: payments.refund
                    per: actor
                    window: 24h
                    max_count: 20
                    max_sum: 10000
                    on_exceed: require_approval
                """ + ALLOW, "ok.yaml");
        Limit l = p.limits().get(0);
        assertThat(l.id()).isEqualTo("refunds-per-actor");
        assertThat(l.per()).isEqualTo(Limit.Per.ACTOR);
        assertThat(l.window()).isEqualTo(Duration.ofHours(24));
        assertThat(l.maxCount()).isEqualTo(20);
        assertThat(l.maxSum()).isEqualByComparingTo(BigDecimal.valueOf(10000));
        assertThat(l.onExceed()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void unknownKeyIsLocated() {
        PolicyProblem p = only("limits:\n  - id: x\n    window: 1h\n    max_cout: 3\n    max_count: 3\n", 4, 5);
        assertThat(p.message()).contains("unknown limit key 'max_cout'").contains("did you mean 'max_count'?");
    }

    @Test
    void badWindowIsLocated() {
        PolicyProblem p = only("limits:\n  - id: x\n    window: soon\n    max_count: 3\n", 3, 13);
        assertThat(p.message()).contains("window").contains("not a duration");
    }

    @Test
    void missingMaxIsLocated() {
        PolicyProblem p = only("limits:\n  - id: x\n    window: 1h\n", 2, 5);
        assertThat(p.message()).contains("max_count, max_sum or both");
    }

    @Test
    void missingWindowIdAndBadValues() {
        assertThat(only("limits:\n  - id: x\n    max_count: 3\n", 2, 5).message()).contains("needs a window");
        assertThat(only("limits:\n  - window: 1h\n    max_count: 3\n", 2, 5).message()).contains("needs an id");
        assertThat(only("limits:\n  - id: x\n    window: 1h\n    max_count: 2.5\n", 4, 16).message())
                .contains("positive whole number");
        assertThat(only("limits:\n  - id: x\n    window: 1h\n    max_count: 2\n    per: team\n", 5, 10).message())
                .contains("actor, tenant or global");
        assertThat(only("limits:\n  - id: x\n    window: 1h\n    max_count: 2\n    on_exceed: warn\n", 5, 16).message())
                .contains("deny or require_approval");
        assertThat(only("limits:\n  - id: x\n    window: 1h\n    max_count: 2\n    amount_field: payload.a\n", 5, 19)
                .message()).contains("needs max_sum");
        assertThat(problems("limits:\n  - {id: x, window: 1h, max_count: 1}\n  - {id: x, window: 1h, max_count: 1}\n"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("duplicate limit id 'x'"));
    }

    @Test
    void approvalSettingsAreValidated() {
        assertThat(only("approval:\n  timeout: forever\n", 2, 12).message()).contains("approval timeout");
        assertThat(only("approval:\n  max_pending: 0\n", 2, 16).message()).contains("max_pending");
        assertThat(only("approval:\n  single_use: maybe\n", 2, 15).message()).contains("single_use");
    }

    @Test
    void durations() {
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("600s")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Durations.parse("-PT1M")).hasMessageContaining("positive");
    }
}
