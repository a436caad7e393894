package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports runs per second on a mixed batch; checks results, never wall-clock time. */
class SandboxOracleThroughputTest {

    private static final List<String> SHAPES = List.of(
            "echo %d", "ls notes", "cat notes/todo.txt | wc -l", "rm -f orders.csv; echo %d > /tmp/n",
            "git status --short", "x=%d; test $x -gt 5 && echo big || echo small", "true", "printf '%%s\\n' %d >> notes/todo.txt");

    @Test
    void manyLinesInBothShells() throws IOException {
        assumeTrue(SandboxOracle.unavailableReason().isEmpty(),
                () -> "sandbox oracle skipped: " + SandboxOracle.unavailableReason().orElse(""));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            lines.add(SHAPES.get(i % SHAPES.size()).formatted(i));
        }
        List<RealShell> shells = List.of(RealShell.BASH, RealShell.DASH);
        try (SandboxOracle oracle = SandboxOracle.start()) {
            long start = System.nanoTime();
            List<Observation> observations = oracle.run(lines, shells);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sandbox oracle: %d runs in %.1f s = %.1f runs/s with %d workers%n",
                    observations.size(), seconds, observations.size() / seconds, SandboxOracle.DEFAULT_WORKERS);
            assertThat(observations).hasSize(lines.size() * shells.size());
            for (int i = 0; i < observations.size(); i++) {
                Observation o = observations.get(i);
                assertThat(o.line()).isEqualTo(lines.get(i / 2));
                assertThat(o.timedOut()).as(o.line()).isFalse();
                assertThat(o.exit()).as(o.line()).isZero();
            }
            Observation git = observations.get(2 * 4);
            assertThat(git.execs()).extracting(Exec::path).containsExactly("/usr/bin/git");
            assertThat(observations.get(2 * 3).writes().deleted()).containsExactly("/srv/ws/orders.csv");
        }
    }
}
