package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** State shared by every parser working on one command line: results, problems and the nesting depth. */
final class Context {

    static final int MAX_DEPTH = 64;
    /**
     * Work allowed per command line, in characters re-scanned plus words recorded. Re-parsing ({@code sh -c},
     * {@code eval}, backticks), look-ahead and wrapper chains each cost a bounded multiple of the input, but
     * the multiples compound; this cap keeps time and memory linear in the worst case. Ordinary command lines
     * use a tiny fraction of it.
     */
    static final long WORK_BUDGET = 32L * ShellParser.MAX_INPUT_LENGTH;
    private static final int MAX_PROBLEMS = 20;

    /**
     * BASH or DASH: the reading this parse follows (POSIX and ZSH are built from these); switched while a
     * script for another shell ({@code bash -c}, {@code sh -c}) is read.
     */
    ShellDialect dialect;
    final List<SimpleCommand> commands = new ArrayList<>();
    final List<Redirection> redirects = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private boolean moreProblems;
    private int depth;
    private long work;
    /** Set once nesting or work exceeded its cap: every lexer then reports end of input. */
    boolean aborted;

    Context(ShellDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Runs {@code parse} reading as {@code dialect} (BASH or DASH), then returns to the current one. For POSIX it
     * runs twice, as bash and as dash, keeping each command, redirection and assignment once.
     */
    void inDialect(ShellDialect dialect, Runnable parse) {
        ShellDialect current = this.dialect;
        if (dialect != ShellDialect.POSIX) {
            this.dialect = dialect == ShellDialect.DASH ? ShellDialect.DASH : ShellDialect.BASH;
            try {
                parse.run();
            } finally {
                this.dialect = current;
            }
            return;
        }
        int commandsBefore = commands.size();
        int redirectsBefore = redirects.size();
        int assignmentsBefore = assignments.size();
        inDialect(ShellDialect.BASH, parse);
        int commandsOfBash = commands.size();
        int redirectsOfBash = redirects.size();
        int assignmentsOfBash = assignments.size();
        inDialect(ShellDialect.DASH, parse);
        dropRepeats(commands, commandsBefore, commandsOfBash);
        dropRepeats(redirects, redirectsBefore, redirectsOfBash);
        dropRepeats(assignments, assignmentsBefore, assignmentsOfBash);
    }

    /** Drops from {@code found[secondFrom..]} what {@code found[from..secondFrom)} already holds. */
    private static <T> void dropRepeats(List<T> found, int from, int secondFrom) {
        Set<T> first = new LinkedHashSet<>(found.subList(from, secondFrom));
        List<T> second = found.subList(secondFrom, found.size());
        second.removeIf(first::contains);
    }

    /** Where bash and dash part; a new difference must also keep {@link ShellParser#readsAlike} false for it. */
    boolean bash() {
        return dialect != ShellDialect.DASH;
    }

    void problem(String reason) {
        if (problems.size() < MAX_PROBLEMS || problems.contains(reason)) {
            problems.add(reason);
        } else {
            moreProblems = true;
        }
    }

    /**
     * Enters one nesting level. Every recursive step of the parser goes through here, so the Java stack stays
     * bounded whatever the input; past the cap the whole parse stops.
     */
    boolean enter() {
        if (aborted) {
            return false;
        }
        if (depth >= MAX_DEPTH) {
            problem("nesting deeper than " + MAX_DEPTH + " levels");
            aborted = true;
            return false;
        }
        depth++;
        return true;
    }

    void leave() {
        depth--;
    }

    /** Spends {@code units} of the work budget; false (and the parse stops) once it is exhausted. */
    boolean charge(long units) {
        if (aborted) {
            return false;
        }
        work += units;
        if (work > WORK_BUDGET) {
            problem("command line too complex to analyse");
            aborted = true;
            return false;
        }
        return true;
    }

    ShellScript toScript() {
        List<String> reasons = new ArrayList<>(problems);
        if (moreProblems) {
            reasons.add("further problems omitted");
        }
        return new ShellScript(commands, !reasons.isEmpty(), reasons, redirects, assignments);
    }

    /** A short, single-line excerpt of input for a problem message. */
    static String excerpt(String s) {
        String oneLine = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return oneLine.replace("\n", "\\n").replace("\t", "\\t");
    }
}
