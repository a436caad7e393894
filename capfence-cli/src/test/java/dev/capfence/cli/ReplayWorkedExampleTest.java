package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** examples/replay: the refund threshold drops from 1000 to 500; replay and diff show what that changes. */
class ReplayWorkedExampleTest {

    static final Path DIR = Path.of("..", "examples", "replay");
    static final String LOG = DIR.resolve("audit.jsonl").toString();
    static final String V1 = DIR.resolve("refunds-v1.yaml").toString();
    static final String V2 = DIR.resolve("refunds-v2.yaml").toString();
    static final String EVENTS = DIR.resolve("refund-events.jsonl").toString();

    @Test
    void theLogWasRecordedUnderV1() throws Exception {
        String sha = Policy.load(Path.of(V1)).sha256();
        List<String> decisions = Files.readAllLines(Path.of(LOG)).stream().filter(l -> l.contains("\"type\":\"decision\"")).toList();

        assertThat(decisions).hasSize(6).allSatisfy(l -> assertThat(json(l)).containsEntry("policy_sha256", sha));
        assertThat(Cli.run("replay", LOG, "--policy", V1, "--fail-on-change").out()).endsWith("unchanged: 6\n");
    }

    @Test
    void replayingTheLogUnderV2SendsTwoAllowedRefundsToApproval() {
        Cli.Run run = Cli.run("replay", LOG, "--policy", V2);

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).endsWith("""
                Totals (6 decisions replayed against %s):
                allow -> require_approval: 2
                unchanged: 4
                """.formatted(V2));
        assertThat(Cli.run("replay", LOG, "--policy", V2, "--only-changed").out()).startsWith("""
                Recorded: payments.refund
                Original: ALLOW
                Replayed: REQUIRE_APPROVAL
                Changed: true
                Event: refund-1003 (line 5, actor support-agent)
                Replayed rule: large-refund (policy_require_approval)

                Recorded: payments.refund
                Original: ALLOW
                Replayed: REQUIRE_APPROVAL
                Changed: true
                Event: refund-1004 (line 7, actor billing-agent)
                Replayed rule: large-refund (policy_require_approval)

                Totals""");
        assertThat(Cli.run("replay", LOG, "--policy", V2, "--fail-on-change").exit()).isEqualTo(1);
        assertThat(json(Cli.run("replay", LOG, "--policy", V2, "--format", "json").out()).get("summary"))
                .isEqualTo(Map.of("total", 6, "changed", 2, "unchanged", 4, "redacted", 0, "unreadable", 0,
                        "transitions", Map.of("allow -> require_approval", 2)));
    }

    @Test
    void diffingV1ToV2TightensAndV2ToV1WarnsAboutNewlyAllowedRefunds() {
        Cli.Run tighten = Cli.run("diff", V1, V2, "--events", EVENTS, "--fail-on-newly-allowed");
        Cli.Run loosen = Cli.run("policy", "diff", V2, V1, "--events", EVENTS, "--fail-on-newly-allowed");

        assertThat(tighten.exit()).isZero();
        assertThat(tighten.out()).contains("allow -> require_approval: 3\nunchanged: 5\n", "No newly allowed side effects.");
        assertThat(loosen.exit()).isEqualTo(1);
        assertThat(loosen.out()).contains("require_approval -> allow: 3\nunchanged: 5\n");
        assertThat(loosen.out().substring(loosen.out().indexOf("WARNING"))).isEqualTo("""
                WARNING: 3 newly allowed side effects (would now run without anyone approving):
                  refund-2004  support-agent  payments.refund  require_approval -> allow  amount=500.01 currency=EUR order_id=ord_7004
                  refund-2005  support-agent  payments.refund  require_approval -> allow  amount=750 currency=USD order_id=ord_7005
                  refund-2006  billing-agent  payments.refund  require_approval -> allow  amount=1000 currency=USD order_id=ord_7006
                """);
    }

    @Test
    void theLogReadsAsOneLinePerRecord() {
        Cli.Run all = Cli.run("logs", LOG);
        Cli.Run pending = Cli.run("logs", LOG, "--decision", "require_approval");

        assertThat(all.lines()).hasSize(10);
        assertThat(all.lines().get(7)).contains("#8", "outcome", "billing-agent", "payments.refund",
                "event refund-1004: tool invoked, failure: IllegalStateException: charge ch_3QX1 was already refunded");
        assertThat(pending.lines()).extracting(l -> l.split("\\s+")[1]).containsExactly("#9", "#10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay --help", "diff --help", "logs --help", "policy diff --help", "help replay"})
    void helpGoesToStdoutAndExits0(String args) {
        Cli.Run run = Cli.run(args.split(" "));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage:", "Exit codes:");
    }
}
