package dev.capfence.cli;

import java.util.List;

/**
 * Something the user can fix (a missing file, an invalid policy). Thrown before anything is printed on
 * stdout; the execution-exception handler prints its lines on stderr and exits 2.
 */
final class CliFailure extends RuntimeException {

    private final List<String> lines;

    CliFailure(List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        this.lines = List.copyOf(lines);
    }

    CliFailure(String line) {
        this(List.of(line));
    }

    List<String> lines() {
        return lines;
    }
}
