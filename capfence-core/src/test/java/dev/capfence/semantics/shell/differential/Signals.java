package dev.capfence.semantics.shell.differential;

import java.util.Map;

/** Linux signal numbers by name, for "+++ killed by SIGTERM +++" lines. */
final class Signals {

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGILL", 4),
            Map.entry("SIGTRAP", 5), Map.entry("SIGABRT", 6), Map.entry("SIGBUS", 7), Map.entry("SIGFPE", 8),
            Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGSEGV", 11),
            Map.entry("SIGUSR2", 12), Map.entry("SIGPIPE", 13), Map.entry("SIGALRM", 14),
            Map.entry("SIGTERM", 15), Map.entry("SIGSTKFLT", 16), Map.entry("SIGCHLD", 17),
            Map.entry("SIGCONT", 18), Map.entry("SIGSTOP", 19), Map.entry("SIGTSTP", 20),
            Map.entry("SIGTTIN", 21), Map.entry("SIGTTOU", 22), Map.entry("SIGURG", 23),
            Map.entry("SIGXCPU", 24), Map.entry("SIGXFSZ", 25), Map.entry("SIGVTALRM", 26),
            Map.entry("SIGPROF", 27), Map.entry("SIGWINCH", 28), Map.entry("SIGIO", 29),
            Map.entry("SIGPWR", 30), Map.entry("SIGSYS", 31));

    private Signals() {}

    /** The number of a signal name; strace names real-time signals from the kernel's SIGRTMIN, 32. */
    static int number(String name) {
        Integer n = NUMBERS.get(name);
        if (n != null) {
            return n;
        }
        if (name.equals("SIGRTMIN")) {
            return 32;
        }
        if (name.startsWith("SIGRT_")) {
            try {
                return 32 + Integer.parseInt(name.substring(6));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
