package dev.capfence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code capfence} command. Exit codes: 0 done (events evaluated, even if denied; policies valid; suites
 * passed), 1 a policy test failed, 2 the request could not be carried out (usage error, unreadable or invalid
 * policy, unreadable input) — and then nothing is printed on stdout, so a pipeline never reads a verdict
 * that was not made.
 */
@Command(name = "capfence",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = CapFenceCommand.Version.class,
        description = "Decides, from a YAML policy, whether an AI agent's proposed action is allowed, "
                + "denied or needs approval.",
        subcommands = {
                CheckCommand.class,
                LintCommand.class,
                TestCommand.class,
                ExplainCommand.class,
                ReplayCommand.class,
                DiffCommand.class,
                LogsCommand.class,
                VerifyCommand.class,
                KeygenCommand.class,
                PolicyCommand.class,
                ApprovalsCommand.class,
                McpProxyCommand.class,
                McpPinsCommand.class,
                CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done: every event evaluated (even if denied), policies valid, tests passed, chain intact",
                "1:the answer is no: a policy test failed, the audit chain is broken, a receipt is not in it, "
                        + "or (when asked to fail on it) a replayed decision changed or a diff newly allows",
                "2:usage error, unreadable or invalid policy, unreadable input"
        })
public final class CapFenceCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int CHECK_FAILED = 1;
    static final int FAILURE = 2;

    @Spec
    CommandSpec spec;

    /** Where {@code -} reads from; injectable so tests need not replace System.in. */
    private final InputStream stdin;
    /** The writer made for System.out, to tell whether someone (a test) has since set another. */
    private PrintWriter stdoutWriter;

    CapFenceCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int exit = cl.execute(args);
        cl.getOut().flush();
        System.exit(exit);
    }

    /** The configured command line, reading {@code -} from System.in. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /** The configured command line; set its out/err writers to capture output. */
    public static CommandLine commandLine(InputStream stdin) {
        CapFenceCommand root = new CapFenceCommand(stdin);
        CommandLine cl = new CommandLine(root);
        // JSON is UTF-8 by definition; on Java 17 the default charset follows the locale, and under
        // LANG=C every non-ASCII character in a verdict would turn into '?'.
        // No autoflush on stdout: a JSONL file's verdicts are written in bulk; commands flush when they finish
        // (and check after each verdict when it streams stdin).
        root.stdoutWriter = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        cl.setOut(root.stdoutWriter);
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(CapFenceCommand::usageError);
        cl.setExecutionExceptionHandler(CapFenceCommand::failure);
        return cl;
    }

    /** The stdin of the command line that {@code spec} belongs to. */
    static InputStream stdin(CommandSpec spec) {
        return ((CapFenceCommand) spec.root().userObject()).stdin;
    }

    /**
     * Where a command writes UTF-8 bytes for stdout (check's verdicts: hundreds of megabytes, never worth turning
     * into characters and back): System.out itself, after what its writer holds; or, when the command line's out
     * writer was replaced, a stream into that writer. Each write must hold whole characters.
     */
    static OutputStream stdout(CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        out.flush();
        if (out == ((CapFenceCommand) spec.root().userObject()).stdoutWriter) {
            return System.out;
        }
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }

    @Override
    public Integer call() {
        return missingSubcommand(spec);
    }

    /** {@code capfence} or {@code capfence policy} alone: a usage error, with the list of commands. */
    static int missingSubcommand(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": a command is required");
        spec.commandLine().usage(err);
        err.flush();
        return FAILURE;
    }

    /** Unknown option, missing option, conflicting options: a short message and a pointer to --help. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        // picocli checks required options before it reports unknown ones; a typo is the likelier cause.
        if (!(ex instanceof UnmatchedArgumentException) && !cmd.getUnmatchedArguments().isEmpty()) {
            err.println(name + ": unknown option or argument: " + String.join(" ", cmd.getUnmatchedArguments()));
        }
        err.println(name + ": " + ex.getMessage().replaceFirst("^Error: ", ""));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return FAILURE;
    }

    /** A {@link CliFailure} prints its lines; anything else is a bug, reported with its stack trace. */
    private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof CliFailure f) {
            f.lines().forEach(err::println);
        } else {
            err.println("capfence: unexpected error: " + ex);
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** The version the jar was built as, from a resource filtered by Maven. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CapFenceCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"capfence " + p.getProperty("version", "unknown")};
        }
    }
}
