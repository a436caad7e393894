package dev.capfence.cli;

import dev.capfence.approval.InMemoryApprovalStore;
import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.EventLimits;
import dev.capfence.policy.Policy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                "An event that cannot be read is denied with reason_code invalid_event.",
                "Approvals requested live in memory for the run: a repeat of an action finds its pending approval; "
                        + "past 4,096 requests the oldest are forgotten, so memory stays bounded.",
                "With --audit, each decision is first appended to an audit chain and its verdict carries the "
                        + "record's receipt; a decision that cannot be recorded is denied (audit_unavailable)."
        })
final class CheckCommand implements Callable<Integer> {

    /** More threads than this only queue for the same cores. */
    static final int MAX_THREADS = 64;

    /**
     * Approvals requested in a run that check keeps (nobody approves them within it): enough for a repeat of an
     * action to find its pending approval across thousands of other requests, few enough that they die young
     * (kept longer, a million events spend seconds more collecting garbage) and memory stays bounded.
     */
    static final int APPROVALS_KEPT = 4_096;

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

    @Option(names = "--audit", paramLabel = "FILE.jsonl",
            description = "Append one decision record per event (invalid ones too) to this audit chain, created if "
                    + "missing; each verdict then carries a receipt {seq, hash[, sig, key_id]}.")
    Path audit;

    @Option(names = "--sign-key", paramLabel = "PRIVATE.pem",
            description = "Sign every audit record with this Ed25519 private key (PKCS#8 PEM, see 'capfence keygen'). Needs --audit.")
    Path signKey;

    @Option(names = "--fsync", description = "Print each verdict only once its audit record is on disk. Needs --audit.")
    boolean fsync;

    @Option(names = "--max-payload-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest event, in bytes of JSON text (default ${DEFAULT-VALUE}); a larger one is denied "
                    + "with payload_too_large, unread.")
    long maxPayloadBytes;

    @Option(names = "--max-depth", paramLabel = "LEVELS", defaultValue = "64",
            description = "Deepest nesting of an event (the event object is level 1, its payload 2; default "
                    + "${DEFAULT-VALUE}, at most 1000); a deeper one is denied with payload_too_large.")
    int maxDepth;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Parse events and write verdicts on N threads (default ${DEFAULT-VALUE}); decisions are still "
                    + "made one at a time in input order, so verdicts, approvals, limits and the audit chain are the "
                    + "same as with one thread.")
    int threads;

    private EventLimits limits;

    @Override
    public Integer call() throws IOException {
        if (audit == null && (signKey != null || fsync)) {
            throw new CliFailure("capfence check: --sign-key and --fsync need --audit FILE.jsonl");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new CliFailure("capfence check: --threads must be between 1 and " + MAX_THREADS + ", was " + threads);
        }
        try {
            limits = new EventLimits(maxPayloadBytes, maxDepth);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("capfence check: --max-payload-bytes / --max-depth: " + e.getMessage());
        }
        Policy compiled = Inputs.policy(policy);
        AuditSigner signer = signKey == null ? null : signer(signKey);
        InputStream stdin = CapFenceCommand.stdin(spec);
        OutputStream out = CapFenceCommand.stdout(spec);
        // An input that cannot be opened fails before anything is printed or recorded; an events file is then
        // streamed, never held whole.
        byte[] doc = input.event != null ? Inputs.bytes(input.event, stdin, "event file") : null;
        boolean fromStdin = doc == null && Inputs.STDIN.equals(input.events);
        InputStream file = doc == null && !fromStdin ? Inputs.open(input.events, "events file") : null;
        int unrecorded;
        try (file; JsonlAuditSink sink = audit == null ? null : openAudit(signer)) {
            ActionRuntime runtime = ActionRuntime.builder().policy(compiled).auditSink(sink).eventLimits(limits)
                    .approvalStore(new InMemoryApprovalStore(APPROVALS_KEPT)).build();
            if (doc != null) {
                try (EventBatches one = new EventBatches(runtime, limits, 1, this::print)) {
                    one.submit(List.of(new EventBatches.Line(doc, doc.length, 0)), out);
                    one.drain(out);
                    unrecorded = one.unrecorded();
                }
            } else {
                unrecorded = decideLines(runtime, fromStdin ? new BufferedInputStream(stdin) : file, fromStdin, out);
            }
        }
        flush(out);
        if (unrecorded > 0) {
            // The verdicts say it too (audit_unavailable); this is for whoever watches stderr rather than stdout.
            spec.commandLine().getErr().println("capfence: " + Inputs.count(unrecorded, "decision")
                    + " could not be recorded in " + audit + " and " + (unrecorded == 1 ? "was" : "were") + " denied");
        }
        return CapFenceCommand.OK;
    }

    private JsonlAuditSink openAudit(AuditSigner signer) {
        try {
            return JsonlAuditSink.builder(audit).fsync(fsync).signer(signer).open();
        } catch (AuditException e) {
            throw new CliFailure("capfence: " + e.getMessage());
        }
    }

    private static AuditSigner signer(Path privateKey) {
        try {
            return AuditSigner.of(AuditKeys.readPrivateKey(privateKey));
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("capfence: cannot use signing key " + privateKey + ": " + Inputs.describe(e));
        }
    }

    /**
     * Decides every event line in batches and returns how many decisions could not be recorded. Reading stdin, the
     * verdicts so far are written and flushed whenever the input has nothing more to read right now: a downstream
     * reader sees each verdict before check waits for the next event, yet a burst of events is written in blocks.
     */
    private int decideLines(ActionRuntime runtime, InputStream in, boolean streaming, OutputStream out) {
        Inputs.Lines lines = new Inputs.Lines(in, limits.maxPayloadBytes());
        try (EventBatches batches = new EventBatches(runtime, limits, threads, this::print)) {
            List<EventBatches.Line> batch = new ArrayList<>(EventBatches.SIZE);
            try {
                byte[] line;
                while ((line = lines.next()) != null) {
                    if (!isBlank(line)) {
                        batch.add(new EventBatches.Line(line, lines.size(), lines.number()));
                    }
                    boolean waits = streaming && waitsForInput(lines);
                    if (batch.size() == EventBatches.SIZE || (waits && !batch.isEmpty())) {
                        batches.submit(batch, out);
                        batch = new ArrayList<>(EventBatches.SIZE);
                    }
                    if (waits) {
                        batches.drain(out);
                        flush(out);
                    }
                }
            } catch (IOException e) {
                batches.submit(batch, out); // every line read is still answered
                batches.drain(out);
                flush(out);
                throw new CliFailure("capfence: cannot read events from " + (streaming ? "stdin" : input.events)
                        + ": " + Inputs.describe(e));
            }
            batches.submit(batch, out);
            batches.drain(out);
            return batches.unrecorded();
        }
    }

    /** A batch of verdicts in the chosen format; {@code first}: no block was printed before them. */
    private EventBatches.Printed print(List<Verdict> verdicts, boolean first) {
        byte[] bytes;
        int length;
        if (format == Format.text) {
            StringWriter text = new StringWriter(verdicts.size() * 256);
            PrintWriter w = new PrintWriter(text);
            for (Verdict v : verdicts) {
                if (!first) {
                    w.println();
                }
                first = false;
                Output.text(w, v);
                if (v.receipt() != null) {
                    w.println("Receipt: seq " + v.receipt().seq() + ", hash " + v.receipt().hash());
                }
            }
            w.flush();
            bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        } else {
            VerdictJson json = new VerdictJson(verdicts.size() * 512);
            for (Verdict v : verdicts) {
                json.write(v);
            }
            bytes = json.buffer(); // handed over as it is: the writer takes the first length bytes
            length = json.length();
        }
        int unrecorded = 0;
        for (Verdict v : verdicts) {
            if (ReasonCode.AUDIT_UNAVAILABLE.equals(v.reasonCode())) {
                unrecorded++;
            }
        }
        return new EventBatches.Printed(bytes, length, unrecorded);
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new CliFailure("capfence: cannot write verdicts: " + Inputs.describe(e));
        }
    }

    private static boolean waitsForInput(Inputs.Lines lines) {
        try {
            return lines.wouldWait();
        } catch (IOException e) {
            return true;
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
