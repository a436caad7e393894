package dev.capfence.semantics.shell.differential;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what real bash and dash do for the lines of a file (one line per line, {@code ⏎} for a newline), as
 * regression cases: {@code java … RecordRuns lines.txt regressions.jsonl}. The harness writes its shrunk
 * counterexamples in the same format.
 */
public final class RecordRuns {

    private RecordRuns() {
    }

    public static void main(String[] args) throws Exception {
        SandboxOracle.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                lines.add(l.replace("⏎", "\n"));
            }
        }
        try (SandboxOracle oracle = SandboxOracle.start()) {
            RegressionStore.append(Path.of(args[1]), oracle.run(lines, List.of(RealShell.BASH, RealShell.DASH)));
        }
    }
}
