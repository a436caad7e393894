package dev.capfence.cli;

import dev.capfence.policy.Decision;
import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditFilter;
import dev.capfence.audit.AuditLog;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.RecordedDecision;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code capfence logs}: an audit log as a person reads it, one line per record —
 * {@code TIME  #SEQ  DECISION  ACTOR  CAPABILITY  WHAT  (reason_code: reason)} — with filters. Outcome and
 * checkpoint records get one compact line each; {@code --json} prints the matching lines unchanged.
 */
@Command(name = "logs",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the log was read (unreadable lines are named on stderr)",
                "2:usage error or unreadable log file (nothing on stdout)"
        },
        description = {
                "Shows an audit log (this project's JSONL chain or upstream CapFence's samples), one line per "
                        + "record: time, #seq, decision, actor, capability, the command/query/path/url or a "
                        + "payload summary, and (reason_code: reason). Missing values show as '-'."
        })
final class LogsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The audit log ('-' for stdin).")
    String log;

    @Option(names = "--actor", paramLabel = "GLOB", description = "Only this actor (glob, exact case: 'support-*').")
    String actor;

    @Option(names = "--capability", paramLabel = "GLOB",
            description = "Only this capability, as policies match it: 'shell.exec' also selects shell.exec.production.")
    String capability;

    @Option(names = "--tool", paramLabel = "GLOB", description = "Only this tool (glob, any case), as policies match it.")
    String tool;

    @Option(names = "--decision", paramLabel = "allow|deny|require_approval", converter = DecisionConverter.class,
            description = "Only decisions of this kind (and their outcomes).")
    Decision decision;

    @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
            description = "Only records at or after WHEN: an instant (2026-11-27T10:00:00Z), a date (2026-11-27) "
                    + "or an age (30m, 2h, 7d). Records without a time are left out.")
    Instant since;

    @Option(names = "--json", description = "Print the matching records as JSONL, each line exactly as in the log.")
    boolean json;

    /** The envelope of a record; what is left of an outcome or checkpoint is its content. */
    private static final Set<String> ENVELOPE =
            Set.of("v", "seq", "ts", "type", "event", "event_id", "prev_hash", "hash", "sig", "key_id");

    @Override
    public Integer call() {
        AuditLog audit = AuditLogReader.read(Inputs.bytes(log, CapFenceCommand.stdin(spec), "audit log"));
        List<AuditEntry> shown = new AuditFilter(actor, capability, tool, decision, since).select(audit.entries());

        Skipped.warn(spec.commandLine().getErr(), log, audit.unreadable());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            shown.forEach(e -> out.println(e.text()));
        } else {
            Table table = new Table("");
            shown.forEach(e -> table.add(row(e)));
            table.print(out);
        }
        out.flush();
        return CapFenceCommand.OK;
    }

    static String[] row(AuditEntry e) {
        String time = e.time() == null ? "-" : e.time().toString();
        String seq = e.seq() == null ? "-" : "#" + e.seq();
        if (e.isDecision()) {
            RecordedDecision r = e.recorded();
            return new String[] {time, seq, r.original().wireName(), Summaries.safe(r.event().actor()),
                    Summaries.safe(r.capability()), Summaries.payload(r.event().payload()), why(e, r)};
        }
        String what = "outcome".equals(e.type()) ? outcome(e.fields()) : content(e.fields());
        if (e.eventId() != null) {
            what = "event " + Summaries.safe(e.eventId()) + (what.equals("-") ? "" : ": " + what);
        }
        return new String[] {time, seq, Summaries.safe(e.type()), orDash(e.actor()), orDash(e.capability()),
                Summaries.shorten(what, 2 * Summaries.MAX)};
    }

    /** {@code tool invoked, success} or {@code tool invoked, failure: IOException: disk full} (simple class name). */
    private static String outcome(Map<String, Object> fields) {
        if (!(fields.get("tool_invoked") instanceof Boolean invoked)) {
            return content(fields);
        }
        StringBuilder b = new StringBuilder(invoked ? "tool invoked" : "tool not invoked");
        if (fields.get("outcome") != null) {
            b.append(", ").append(Summaries.safe(fields.get("outcome").toString()));
        }
        if (fields.get("error") instanceof Map<?, ?> error) {
            String type = String.valueOf(error.get("class"));
            b.append(": ").append(Summaries.safe(type.substring(type.lastIndexOf('.') + 1)));
            if (error.get("message") != null) {
                b.append(": ").append(Summaries.safe(error.get("message").toString()));
            }
        }
        return b.toString();
    }

    /** {@code (reason_code: reason)}, the reason left out when it only repeats the code; plus the approval id. */
    private static String why(AuditEntry e, RecordedDecision r) {
        String code = r.originalReasonCode();
        String reason = r.originalReason();
        String text;
        if (code == null && reason == null) {
            text = "-";
        } else if (code == null || reason == null || code.equals(reason)) {
            text = code != null ? code : reason;
        } else {
            text = code + ": " + reason;
        }
        Object approval = e.fields().get("approval_id");
        return "(" + Summaries.safe(text) + (approval != null ? ", approval " + Summaries.safe(approval.toString()) : "") + ")";
    }

    /** The fields of an outcome or checkpoint that are not its envelope, as {@code key=value}. */
    private static String content(Map<String, Object> fields) {
        StringJoiner j = new StringJoiner(" ");
        fields.forEach((k, v) -> {
            if (!ENVELOPE.contains(k) && v != null) {
                j.add(Summaries.safe(k) + "=" + Summaries.safe(v instanceof Map || v instanceof List ? Output.json(v) : v.toString()));
            }
        });
        return j.length() == 0 ? "-" : j.toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : Summaries.safe(s);
    }

    /** {@code allow}, {@code deny}, {@code require_approval}, in any case. */
    static final class DecisionConverter implements ITypeConverter<Decision> {
        @Override
        public Decision convert(String value) {
            Decision d = Decision.fromWireName(value.trim().toLowerCase(Locale.ROOT));
            if (d == null) {
                throw new TypeConversionException("'" + value + "' is not a decision: use allow, deny or require_approval");
            }
            return d;
        }
    }

    /** An instant, a date or an age before now. */
    static final class SinceConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return AuditFilter.since(value, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
