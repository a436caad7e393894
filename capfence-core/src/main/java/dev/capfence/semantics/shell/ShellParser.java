package dev.capfence.semantics.shell;

/**
 * Reads a shell command line the way a POSIX shell (and bash) would, and says which programs it runs.
 * See the package documentation for what is covered.
 */
public final class ShellParser {

    /** Longer input is not parsed: it is reported unparseable. */
    public static final int MAX_INPUT_LENGTH = 64 * 1024;

    private ShellParser() {
    }

    /** Never throws; runs in time linear in the input (bounded by the nesting cap). */
    public static ShellScript parse(String commandLine) {
        Context ctx = new Context();
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
}
