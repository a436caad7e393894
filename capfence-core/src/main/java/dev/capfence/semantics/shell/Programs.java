package dev.capfence.semantics.shell;

import java.util.Set;

/** Program names the parser treats specially. */
final class Programs {

    /** Interpreters that run {@code -c STRING}, or a script read from standard input. */
    static final Set<String> SHELLS = Set.of(
            "sh", "bash", "rbash", "zsh", "dash", "ksh", "ksh93", "mksh", "pdksh", "ash", "yash", "posh",
            "fish", "csh", "tcsh");

    private Programs() {
    }

    static boolean isShell(String program) {
        return SHELLS.contains(program);
    }

    /**
     * The reading of a script given to this shell: bash's own, dash's own, and for {@code sh} and every other
     * shell both (what {@code sh} is differs between systems, and the rest are read as the closer of the two).
     */
    static ShellDialect dialectOf(String shell) {
        return switch (shell) {
            case "bash", "rbash" -> ShellDialect.BASH;
            case "dash" -> ShellDialect.DASH;
            default -> ShellDialect.POSIX;
        };
    }

    /** A shell, or {@code source} / {@code .}, which run a script in the current shell. */
    static boolean readsScripts(String program) {
        return isShell(program) || program.equals("source") || program.equals(".");
    }
}
