package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a shell command line the way the shell that runs it would, and says which programs it runs.
 * See the package documentation for what is covered.
 */
public final class ShellParser {

    /** Longer input is not parsed: it is reported unparseable. */
    public static final int MAX_INPUT_LENGTH = 64 * 1024;

    private ShellParser() {
    }

    /** The line as any POSIX shell may run it: {@link ShellDialect#POSIX}. */
    public static ShellScript parse(String commandLine) {
        return parse(commandLine, ShellDialect.POSIX);
    }

    /**
     * Never throws; runs in time linear in the input (bounded by the nesting cap). {@link ShellDialect#POSIX}
     * reads the line as bash and as dash and keeps everything either would do, so that a form the two read
     * differently can never hide a command.
     */
    public static ShellScript parse(String commandLine, ShellDialect dialect) {
        return switch (dialect) {
            case BASH -> parseAs(commandLine, ShellDialect.BASH);
            case DASH -> parseAs(commandLine, ShellDialect.DASH);
            case ZSH -> ZshForms.check(commandLine, parseAs(commandLine, ShellDialect.BASH));
            case POSIX -> readsAlike(commandLine)
                    ? parseAs(commandLine, ShellDialect.BASH) // the dash reading would be the same
                    : union(parseAs(commandLine, ShellDialect.BASH), parseAs(commandLine, ShellDialect.DASH));
        };
    }

    /**
     * Whether bash and dash surely read the line alike, so one reading stands for both. Every place where the
     * readings part ({@link Context#bash()}) needs what this line lacks: parentheses (arrays, extended globs,
     * arithmetic, process substitution), brackets ({@code $[ ]}, subscripts, {@code [[}), braces (brace
     * expansion), {@code <} and {@code >} ({@code &>}, {@code <<<}, {@code <(}), {@code |&}, {@code ;&},
     * {@code $}, backquotes, and the keywords only bash has. Without quotes and backslashes, a script read again
     * ({@code eval}, {@code env -S}, {@code sh -c}) is made of the line's own words, so it lacks them too.
     */
    static boolean readsAlike(String line) {
        if (line == null || line.length() > MAX_INPUT_LENGTH) {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n')) {
                return false;
            }
            switch (c) {
                case '(', ')', '[', ']', '{', '}', '<', '>', '$', '`', '\\', '\'', '"' -> {
                    return false;
                }
                case '&' -> {
                    if (previous == '|' || previous == ';') { // |& and ;& (also ;;&)
                        return false;
                    }
                }
                default -> {
                }
            }
            previous = c;
        }
        for (String keyword : Parser.BASH_ONLY_KEYWORDS) {
            if (line.contains(keyword)) {
                return false;
            }
        }
        return true;
    }

    static ShellScript parseAs(String commandLine, ShellDialect dialect) {
        Context ctx = new Context(dialect);
        if (commandLine == null) {
            ctx.problem("no command line");
            return ctx.toScript();
        }
        if (commandLine.length() > MAX_INPUT_LENGTH) {
            ctx.problem("command line longer than " + MAX_INPUT_LENGTH + " characters");
            return ctx.toScript();
        }
        if (commandLine.indexOf('\0') >= 0) {
            ctx.problem("NUL character in command line");
        }
        try {
            Parser.parseTopLevel(commandLine, ctx);
        } catch (RuntimeException | StackOverflowError e) { // a bug must not let a line through unexamined
            ctx.problem("internal parser error: " + e.getClass().getSimpleName());
        }
        return ctx.toScript();
    }

    /** Both readings: commands, redirections and assignments of either (each once), problems of either. */
    static ShellScript union(ShellScript bash, ShellScript dash) {
        Set<String> problems = new LinkedHashSet<>();
        for (String p : bash.problems()) {
            problems.add(dash.problems().contains(p) ? p : "bash: " + p);
        }
        for (String p : dash.problems()) {
            if (!bash.problems().contains(p)) {
                problems.add("dash: " + p);
            }
        }
        return new ShellScript(merged(bash.commands(), dash.commands()), !problems.isEmpty(),
                new ArrayList<>(problems), merged(bash.redirects(), dash.redirects()),
                merged(bash.assignments(), dash.assignments()));
    }

    private static <T> List<T> merged(List<T> first, List<T> second) {
        if (first.equals(second)) {
            return first;
        }
        Set<T> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return new ArrayList<>(all);
    }
}
