package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {

    static final String OLD = """
            deny:
              - capability: shell.exec
                contains: "rm -rf"
            require_approval:
              - capability: payments.refund
                amount_gt: 1000
            allow:
              - capability: payments.refund
                amount_lte: 1000
            """;

    /** Loosens three ways: a larger approval threshold, ls allowed, rm -rf outside / only needs approval. */
    static final String NEW = """
            deny:
              - capability: shell.exec
                contains: "rm -rf /"
            require_approval:
              - capability: payments.refund
                amount_gt: 5000
              - capability: shell.exec
                contains: "rm -rf"
            allow:
              - capability: payments.refund
                amount_lte: 5000
              - capability: shell.exec
                match_regex: ["^ls( |$)"]
            """;

    static final String EVENTS = """
            {"id":"small","actor":"support-agent","capability":"payments.refund","payload":{"amount":50}}
            {"id":"mid","actor":"support-agent","capability":"payments.refund","payload":{"amount":3000,"order_id":"o-1"}}
            {"actor":"ops-agent","capability":"shell.exec","payload":{"command":"ls /tmp"}}
            {"id":"rm-build","actor":"ops-agent","capability":"shell.exec","payload":{"command":"rm -rf build"}}
            {"id":"rm-root","actor":"ops-agent","capability":"shell.exec","payload":{"command":"rm -rf /"}}
            """;

    @TempDir
    Path dir;

    Path oldPolicy;
    Path newPolicy;
    Path events;

    @BeforeEach
    void files() {
        oldPolicy = write(dir, "old.yaml", OLD);
        newPolicy = write(dir, "new.yaml", NEW);
        events = write(dir, "events.jsonl", EVENTS);
    }

    @Test
    void listsChangedEventsTotalsAndEndsWithALoudWarning() {
        Cli.Run run = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", events.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                Compared 5 events: %s -> %s

                Changed decisions:
                  line 2  mid       support-agent  payments.refund  require_approval -> allow  amount=3000 order_id=o-1
                  line 3  line-3    ops-agent      shell.exec       deny -> allow              ls /tmp
                  line 4  rm-build  ops-agent      shell.exec       deny -> require_approval   rm -rf build

                Totals:
                require_approval -> allow: 1
                deny -> allow: 1
                deny -> require_approval: 1
                unchanged: 2

                WARNING: 2 newly allowed side effects (would now run without anyone approving):
                  mid     support-agent  payments.refund  require_approval -> allow  amount=3000 order_id=o-1
                  line-3  ops-agent      shell.exec       deny -> allow              ls /tmp
                WARNING: 1 denied action loosened to require_approval (no longer denied; one approval away from running):
                  rm-build  ops-agent  shell.exec  deny -> require_approval  rm -rf build
                """.formatted(oldPolicy, newPolicy));
    }

    @Test
    void failOnNewlyAllowedExitsOneOnlyWhenSomethingIsNewlyAllowed() {
        Cli.Run loosening = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", events.toString(),
                "--fail-on-newly-allowed");
        Cli.Run tightening = Cli.run("diff", newPolicy.toString(), oldPolicy.toString(), "--events", events.toString(),
                "--fail-on-newly-allowed");

        assertThat(loosening.exit()).isEqualTo(1);
        assertThat(tightening.exit()).isZero();
        assertThat(tightening.out()).contains("allow -> deny: 1", "No newly allowed side effects.").doesNotContain("WARNING");
    }

    @Test
    void allListsUnchangedEventsToo() {
        Cli.Run run = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", events.toString(), "--all");

        assertThat(run.out()).contains("Every event:", "line 1  small ", "allow (unchanged)", "deny (unchanged)");
    }

    @Test
    void identicalPoliciesReportNoChange() {
        Cli.Run run = Cli.run("diff", oldPolicy.toString(), oldPolicy.toString(), "--events", events.toString());

        assertThat(run.out()).contains("No decision changes.", "unchanged: 5", "No newly allowed side effects.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonListsTransitionsAndTheNewlyAllowedWithTheirPayloads() {
        Cli.Run run = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", events.toString(),
                "--format", "json");

        assertThat(run.lines()).hasSize(1);
        Map<String, Object> out = json(run.out());
        assertThat((Map<String, Object>) out.get("old")).containsEntry("policy", oldPolicy.toString());
        assertThat(out.get("summary")).isEqualTo(Map.of("total", 5, "changed", 3, "unchanged", 2, "newly_allowed", 2,
                "loosened_to_approval", 1, "unreadable", 0, "transitions",
                Map.of("require_approval -> allow", 1, "deny -> allow", 1, "deny -> require_approval", 1)));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) out.get("events");
        assertThat(listed).extracting(e -> e.get("id")).containsExactly("mid", "line-3", "rm-build");
        assertThat(listed.get(0)).containsEntry("before", Map.of("decision", "require_approval",
                "reason_code", "policy_require_approval", "rule_id", "require_approval[0]"));
        List<Map<String, Object>> newly = (List<Map<String, Object>>) out.get("newly_allowed");
        assertThat(newly).extracting(e -> e.get("id")).containsExactly("mid", "line-3");
        assertThat(newly.get(0)).containsEntry("payload", Map.of("amount", 3000, "order_id", "o-1"));
        assertThat((List<Object>) out.get("loosened_to_approval")).hasSize(1);
    }

    @Test
    void upstreamSpellingPolicyDiffWorks() {
        Cli.Run run = Cli.run("policy", "diff", oldPolicy.toString(), newPolicy.toString(), "--events", events.toString(),
                "--fail-on-newly-allowed");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("WARNING: 2 newly allowed side effects");
    }

    @Test
    void anAuditLogServesAsEvents() {
        Path log = write(dir, "audit.jsonl", ReplayCommandTest.decision(1, "mid", 3000, "require_approval") + "\n"
                + "{\"type\":\"outcome\",\"event_id\":\"mid\",\"tool_invoked\":false}\n");

        Cli.Run run = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", log.toString());

        assertThat(run.out()).contains("Compared 1 event:", "WARNING: 1 newly allowed side effect ");
    }

    @Test
    void unreadableEventLinesAreNamedOnStderr() {
        Path broken = write(dir, "broken.jsonl", EVENTS + "{oops\n");

        Cli.Run run = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", broken.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).startsWith("capfence: " + broken + ":6: skipped: not valid JSON");
        assertThat(run.out()).contains("unreadable lines: 1 (named on stderr)");
    }

    @Test
    void usageErrorsAndInvalidPoliciesExitTwoWithNothingOnStdout() {
        Path invalid = write(dir, "invalid.yaml", "deny: [{capability: x, amount_gt: lots}]\n");

        Cli.Run noEvents = Cli.run("diff", oldPolicy.toString(), newPolicy.toString());
        Cli.Run onePolicy = Cli.run("diff", oldPolicy.toString(), "--events", events.toString());
        Cli.Run badNew = Cli.run("diff", oldPolicy.toString(), invalid.toString(), "--events", events.toString());
        Cli.Run noFile = Cli.run("diff", oldPolicy.toString(), newPolicy.toString(), "--events", "nope.jsonl");

        for (Cli.Run run : List.of(noEvents, onePolicy, badNew, noFile)) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(badNew.err()).contains("invalid.yaml:1:");
        assertThat(noFile.err()).contains("cannot read events file nope.jsonl");
    }
}
