package dev.capfence.cli;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Policy;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capfence check}: one verdict per event, in input order. An event that cannot be read is still
 * answered — with a denial ({@code invalid_event}) — so every input line gets exactly one verdict.
 */
@Command(name = "check",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every event was evaluated (denied or invalid events included)",
                "2:usage error, unreadable or invalid policy, unreadable input (nothing on stdout)"
        },
        description = {
                "Decides events against a policy: one verdict per event on stdout, in input order.",
                "An event that cannot be read is denied with reason_code invalid_event."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (YAML).")
    Path policy;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--event", paramLabel = "FILE.json", description = "One event: a JSON document ('-' for stdin).")
        String event;

        @Option(names = "--events", paramLabel = "FILE.jsonl",
                description = "Events, one JSON object per line ('-' for stdin); blank lines are skipped.")
        String events;
    }

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text",
            description = "json (default): one compact verdict per line; text: a block per event.")
    Format format;

    private int printed;
    /** Reading stdin: flush each verdict so a downstream reader sees it at once. */
    private boolean streaming;

    @Override
    public Integer call() throws IOException {
        Policy compiled = Inputs.policy(policy);
        ActionRuntime runtime = ActionRuntime.fromPolicy(compiled);
        InputStream stdin = CapFenceCommand.stdin(spec);
        PrintWriter out = spec.commandLine().getOut();
        if (input.event != null) {
            byte[] doc = Inputs.bytes(input.event, stdin, "event file");
            print(out, decide(runtime, compiled, doc, 0));
        } else if (Inputs.STDIN.equals(input.events)) {
            // Streamed, each verdict flushed as soon as it is made, so check can sit in a pipeline.
            streaming = true;
            decideLines(runtime, compiled, new BufferedInputStream(stdin), out);
        } else {
            // A file is read whole first: if it cannot be read, nothing has been printed.
            byte[] all = Inputs.bytes(input.events, stdin, "events file");
            decideLines(runtime, compiled, new ByteArrayInputStream(all), out);
        }
        out.flush();
        return CapFenceCommand.OK;
    }

    private void decideLines(ActionRuntime runtime, Policy compiled, InputStream in, PrintWriter out) {
        Inputs.Lines lines = new Inputs.Lines(in);
        byte[] line;
        try {
            while ((line = lines.next()) != null) {
                if (isBlank(line)) {
                    continue;
                }
                print(out, decide(runtime, compiled, line, lines.number()));
            }
        } catch (IOException e) {
            out.flush();
            throw new CliFailure("capfence: cannot read events from stdin: " + Inputs.describe(e));
        }
    }

    /** The verdict for one event document; {@code line} is 0 for a whole file, else the JSONL line number. */
    static Verdict decide(ActionRuntime runtime, Policy policy, byte[] doc, int line) {
        ActionEvent event;
        try {
            event = Inputs.event(doc);
        } catch (InvalidEventException e) {
            String where = line > 0 ? "line " + line + ": " : "";
            return Verdict.invalidEvent(e.eventId(), null, where + e.getMessage(), policy.sha256());
        }
        return runtime.evaluate(event);
    }

    private void print(PrintWriter out, Verdict v) {
        if (format == Format.text) {
            if (printed > 0) {
                out.println();
            }
            Output.text(out, v);
        } else {
            out.println(Output.json(v.toMap()));
        }
        printed++;
        if (streaming) {
            out.flush();
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }
}
