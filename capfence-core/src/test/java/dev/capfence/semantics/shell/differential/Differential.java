package dev.capfence.semantics.shell.differential;

import dev.capfence.semantics.path.PathCanonicalizer;
import dev.capfence.semantics.shell.Assignment;
import dev.capfence.semantics.shell.Redirection;
import dev.capfence.semantics.shell.ShellDialect;
import dev.capfence.semantics.shell.ShellParser;
import dev.capfence.semantics.shell.ShellScript;
import dev.capfence.semantics.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parse-level property: for one line run in one real shell, the reader either marks the line
 * unparseable, or predicts every program the shell started (with its argv), every file the shell itself opened
 * (a redirection, with its mode) and every variable it passed to a program. What the reader predicts but the
 * shell never did (a branch not taken, a builtin) is fine: it over-approximates.
 *
 * <p>Programs started by a program the reader does not see through (git, python) are that program's doing, not
 * the shell's; the policy-level check judges their effects.
 */
final class Differential {

    static final String WORKSPACE = "/srv/ws";
    static final String HOME = "/root";
    private static final PathCanonicalizer SHELL_VIEW = PathCanonicalizer.lexical().withHome(HOME).withBase(WORKSPACE);

    /** Programs whose children the reader follows: shells and wrappers. */
    static final Set<String> SEEN_THROUGH = Set.of("sh", "bash", "dash", "env", "nice", "nohup", "timeout",
            "command", "xargs", "find", "sudo", "doas", "setsid", "stdbuf", "ionice", "chroot", "taskset",
            "flock", "watch", "su", "runuser", "unbuffer", "time", "strace", "ltrace", "busybox");

    /** Parents that build their children's argv at run time (file names from input or from a walk). */
    private static final Set<String> ARGV_REWRITERS = Set.of("xargs", "find", "watch");

    private Differential() {
    }

    static ShellDialect dialect(RealShell shell) {
        return shell == RealShell.BASH ? ShellDialect.BASH : ShellDialect.DASH;
    }

    /** What the reader failed to predict; empty when the line is consistent. */
    static List<String> mismatches(Observation o) {
        ShellScript script = ShellParser.parse(o.line(), dialect(o.shell()));
        return mismatches(o, script);
    }

    static List<String> mismatches(Observation o, ShellScript script) {
        List<String> out = new ArrayList<>();
        if (script.unparseable()) {
            return out; // the reader said it cannot tell: no allow can hold
        }
        for (int i = 0; i < o.execs().size(); i++) {
            Exec e = o.execs().get(i);
            if (!shellsDoing(o, e)) {
                continue;
            }
            String program = basename(e.path());
            boolean rewritten = rewrittenByAncestor(o, e);
            if (script.commands().stream().noneMatch(c -> predicts(c, program, e.argv(), rewritten))) {
                out.add("ran " + e.argv() + " (" + e.path() + "), not predicted");
            }
            for (var env : e.addedEnv().entrySet()) {
                if (script.assignments().stream().noneMatch(a -> assigns(a, env.getKey(), env.getValue()))) {
                    out.add("passed " + env.getKey() + "=" + env.getValue() + " to " + program + ", not predicted");
                }
            }
        }
        for (Open open : o.opens()) {
            if (!openedByShell(o, open) || open.path().startsWith("/tmp/sh-thd") || open.path().startsWith("/dev/")) {
                continue;
            }
            boolean predicted = script.redirects().stream().anyMatch(r -> redirects(r, open))
                    || script.commands().stream().anyMatch(c -> sources(c, open));
            if (!predicted) {
                out.add("shell opened " + open.path() + " for " + open.mode() + ", not predicted");
            }
        }
        return out;
    }

    /** xargs or find -exec up the chain filled in some of the argv at run time. */
    private static boolean rewrittenByAncestor(Observation o, Exec e) {
        for (int parent = e.startedBy(); parent >= 0; parent = o.execs().get(parent).startedBy()) {
            if (ARGV_REWRITERS.contains(basename(o.execs().get(parent).path()))) {
                return true;
            }
        }
        return false;
    }

    /** The exec was done by the line's shell, or through programs the reader sees through. */
    static boolean shellsDoing(Observation o, Exec e) {
        for (int parent = e.startedBy(); parent >= 0; parent = o.execs().get(parent).startedBy()) {
            if (!SEEN_THROUGH.contains(basename(o.execs().get(parent).path()))) {
                return false;
            }
        }
        return true;
    }

    /** The line's shell or a nested shell the reader parsed opened the file: a redirection or a source. */
    private static boolean openedByShell(Observation o, Open open) {
        if (open.image() < 0) {
            return true;
        }
        Exec image = o.execs().get(open.image());
        return Set.of("sh", "bash", "dash").contains(basename(image.path())) && shellsDoing(o, image);
    }

    private static boolean predicts(SimpleCommand c, String program, List<String> argv, boolean rewritten) {
        if (!c.program().equals(program) && !basename(argv.isEmpty() ? "" : argv.get(0)).equals(c.program())) {
            return false;
        }
        if (rewritten) {
            return true; // xargs and find -exec fill in file names at run time
        }
        return matchArgs(c, 0, argv, 1);
    }

    /** Literal arguments must be equal; an argument built at run time may become any number of words. */
    private static boolean matchArgs(SimpleCommand c, int i, List<String> argv, int j) {
        if (i == c.args().size()) {
            return j == argv.size();
        }
        if (c.unknownArgs().contains(i)) {
            for (int k = j; k <= argv.size(); k++) {
                if (matchArgs(c, i + 1, argv, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < argv.size() && c.args().get(i).equals(argv.get(j)) && matchArgs(c, i + 1, argv, j + 1);
    }

    private static boolean assigns(Assignment a, String name, String value) {
        return a.name().equals(name) && (!a.valueKnown() || a.value().equals(value));
    }

    private static boolean redirects(Redirection r, Open open) {
        if (!r.mode().opensFile() || !modeFits(r.mode(), open.mode())) {
            return false;
        }
        return !r.targetKnown() || resolve(r.target()).equals(open.path());
    }

    private static boolean modeFits(Redirection.Mode predicted, OpenMode real) {
        return switch (real) {
            case READ -> predicted == Redirection.Mode.READ;
            case WRITE_TRUNCATE -> predicted == Redirection.Mode.WRITE;
            case WRITE_APPEND -> predicted == Redirection.Mode.APPEND;
            case READ_WRITE -> predicted == Redirection.Mode.READ_WRITE;
            case WRITE -> predicted.writes();
        };
    }

    /** {@code . file} and {@code source file} read the file in the shell itself. */
    private static boolean sources(SimpleCommand c, Open open) {
        return open.mode() == OpenMode.READ && (c.program().equals(".") || c.program().equals("source"))
                && c.args().stream().anyMatch(a -> resolve(a).equals(open.path()));
    }

    /** A target as the shell in the workspace resolves it. */
    static String resolve(String target) {
        return SHELL_VIEW.canonicalize(target).toString();
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
