package dev.capfence.semantics.shell.differential;

import java.util.List;

/**
 * What running one line in one real shell did.
 *
 * @param exit     exit status of the line's shell process (128 + signal number when a signal ended it; 124
 *                 when the time limit stopped it)
 * @param timedOut the time limit stopped the run: the line, or a process it left running in the background
 * @param stdout   the last 2,000 characters written to standard output
 * @param stderr   the last 2,000 characters written to standard error
 */
record Observation(String line, RealShell shell, int exit, boolean timedOut,
                   List<Exec> execs, List<Open> opens, Writes writes, String stdout, String stderr) {
    Observation {
        execs = List.copyOf(execs);
        opens = List.copyOf(opens);
    }
}
