package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Decision;
import dev.capfence.semantics.shell.ShellParser;
import dev.capfence.semantics.shell.ShellScript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shell reader against real bash and dash on generated lines. Each line runs in both shells in a sandbox;
 * for each run the reader must predict what the shell did or call the line unparseable
 * ({@link Differential}), and the sandbox policy must not allow a line whose run had a forbidden effect
 * ({@link EffectCheck}). A failing line is shrunk, printed with both views, and written to
 * {@code target/differential/counterexamples.jsonl} to be kept in {@value RegressionStore#RESOURCE}.
 *
 * <p>{@code -Dshell.fuzz.lines=N -Dshell.fuzz.seed=S} for long runs (default 1,000 lines, seed 1: about 100 s on two cores).
 */
class ShellDifferentialTest {

    private static final int LINES = Integer.getInteger("shell.fuzz.lines", 1000);
    private static final long SEED = Long.getLong("shell.fuzz.seed", 1L);
    private static final int BATCH = 200;
    private static final int SHRUNK_AT_MOST = 8;

    @Test
    void theReaderPredictsWhatRealShellsRun() throws IOException {
        Assumptions.assumeTrue(SandboxOracle.unavailableReason().isEmpty(),
                () -> "shell differential harness skipped: " + SandboxOracle.unavailableReason().orElse(""));
        EffectCheck policy = new EffectCheck();
        LineGenerator generator = new LineGenerator(SEED);
        List<Observation> failing = new ArrayList<>();
        Stats stats = new Stats();
        try (SandboxOracle oracle = SandboxOracle.start()) {
            for (int done = 0; done < LINES; done += BATCH) {
                List<String> lines = new ArrayList<>();
                for (LineGenerator.Line l : generator.lines(Math.min(BATCH, LINES - done))) {
                    lines.add(l.text());
                }
                for (Observation o : oracle.run(lines, List.of(RealShell.BASH, RealShell.DASH))) {
                    stats.count(o, policy);
                    if (fails(o, policy)) {
                        failing.add(o);
                    }
                }
            }
            List<String> report = new ArrayList<>();
            List<Observation> shrunk = new ArrayList<>();
            for (Observation o : failing.subList(0, Math.min(SHRUNK_AT_MOST, failing.size()))) {
                Predicate<Observation> sameFailure = c -> fails(c, policy);
                Observation small = Shrinker.shrink(oracle, o, sameFailure);
                shrunk.add(small);
                report.add(describe(small, policy) + "\n  (shrunk from: " + o.line().replace("\n", "⏎") + ")");
            }
            if (!shrunk.isEmpty()) {
                RegressionStore.append(Path.of("target/differential/counterexamples.jsonl"), shrunk);
            }
            System.out.println("shell differential: seed " + SEED + ", " + stats);
            assertThat(report).as("%d of %d runs where the reader and the real shell disagree (seed %d)",
                    failing.size(), stats.runs, SEED).isEmpty();
        }
    }

    static boolean fails(Observation o, EffectCheck policy) {
        if (o.timedOut()) {
            return false; // a run cut short says nothing certain
        }
        return !Differential.mismatches(o).isEmpty() || policy.allowedWithForbiddenEffect(o) != null;
    }

    static String describe(Observation o, EffectCheck policy) {
        ShellScript script = ShellParser.parse(o.line(), Differential.dialect(o.shell()));
        StringBuilder b = new StringBuilder();
        b.append(o.shell()).append(": <").append(o.line().replace("\n", "⏎")).append(">\n");
        b.append("  real shell: execs ").append(o.execs().stream().map(Exec::argv).toList())
                .append(", opens ").append(o.opens()).append(", writes ").append(o.writes()).append('\n');
        b.append("  reader:     ").append(script.commands().stream()
                        .map(c -> c.program() + c.args()).toList())
                .append(", redirects ").append(script.redirects()).append(", assignments ")
                .append(script.assignments()).append(script.unparseable() ? ", unparseable " + script.problems() : "")
                .append('\n');
        List<String> mismatches = Differential.mismatches(o);
        if (!mismatches.isEmpty()) {
            b.append("  not predicted: ").append(mismatches).append('\n');
        }
        String allowed = policy.allowedWithForbiddenEffect(o);
        if (allowed != null) {
            b.append("  policy: ").append(allowed).append('\n');
        }
        return b.toString();
    }

    /** What a run of the harness saw, for the report. */
    static final class Stats {
        int runs;
        int unparseable;
        int forbidden;
        int forbiddenDenied;
        int harmlessAllowed;
        int harmlessNotAllowed;
        int timedOut;

        void count(Observation o, EffectCheck policy) {
            runs++;
            timedOut += o.timedOut() ? 1 : 0;
            unparseable += ShellParser.parse(o.line(), Differential.dialect(o.shell())).unparseable() ? 1 : 0;
            boolean allowed = policy.verdict(o.line(), o.shell()).decision() == Decision.ALLOW;
            if (!EffectCheck.forbidden(o).isEmpty()) {
                forbidden++;
                forbiddenDenied += allowed ? 0 : 1;
            } else if (allowed) {
                harmlessAllowed++;
            } else {
                harmlessNotAllowed++;
            }
        }

        @Override
        public String toString() {
            return runs + " runs (lines x bash, dash): " + unparseable + " unparseable, " + forbidden
                    + " with a forbidden effect (" + forbiddenDenied + " not allowed), " + (harmlessAllowed
                    + harmlessNotAllowed) + " without (" + harmlessAllowed + " allowed, " + harmlessNotAllowed
                    + " not allowed), " + timedOut + " timed out";
        }
    }
}
