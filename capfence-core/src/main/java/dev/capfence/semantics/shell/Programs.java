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

    /** A shell, or {@code source} / {@code .}, which run a script in the current shell. */
    static boolean readsScripts(String program) {
        return isShell(program) || program.equals("source") || program.equals(".");
    }
}
