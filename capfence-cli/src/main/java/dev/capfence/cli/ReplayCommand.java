package dev.capfence.cli;

import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.audit.AuditLog;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.RecordedDecision;
import dev.capfence.replay.Replay;
import dev.capfence.replay.ReplayReport;
import dev.capfence.replay.ReplayedDecision;
import dev.capfence.replay.Transition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence replay}: re-decides every recorded decision of an audit log under a policy and shows, per
 * record, what was decided then and what this policy decides now. Hashes are not checked ({@code verify} does
 * that); outcome and checkpoint records are skipped; unreadable lines are named on stderr.
 */
@Command(name = "replay",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every decision record was replayed",
                "1:with --fail-on-change: a decision changed, or a line could not be read",
                "2:usage error, unreadable log file or invalid policy (nothing on stdout)"
        },
        description = {
                "Replays the decisions of an audit log (this project's JSONL chain or upstream CapFence's samples) "
                        + "against a policy.",
                "Text: per record 'Recorded: <capability>', 'Original: <DECISION>', 'Replayed: <DECISION>', "
                        + "'Changed: true|false', then totals by transition."
        })
final class ReplayCommand implements Callable<Integer> {

    static final int CHANGED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The audit log ('-' for stdin).")
    String log;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy to replay against (YAML).")
    Path policy;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json: {policy, policy_sha256, records: [...], summary: {...}, unreadable: [...]}.")
    Format format;

    @Option(names = "--only-changed", description = "Show only the records whose decision changed (totals still count all).")
    boolean onlyChanged;

    @Option(names = "--fail-on-change",
            description = "Exit 1 when a decision changed or a line could not be read (for CI).")
    boolean failOnChange;

    @Override
    public Integer call() {
        Policy compiled = Inputs.policy(policy);
        AuditLog audit = AuditLogReader.read(Inputs.bytes(log, CapFenceCommand.stdin(spec), "audit log"));
        ReplayReport report = Replay.run(audit.decisions(), compiled);

        Skipped.warn(spec.commandLine().getErr(), log, audit.unreadable());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Output.json(json(report, compiled, audit)));
        } else {
            text(out, report, audit);
        }
        out.flush();
        boolean failed = report.changed() > 0 || !audit.unreadable().isEmpty();
        return failOnChange && failed ? CHANGED : CapFenceCommand.OK;
    }

    private List<ReplayedDecision> shown(ReplayReport report) {
        return onlyChanged ? report.changedDecisions() : report.decisions();
    }

    private void text(PrintWriter out, ReplayReport report, AuditLog audit) {
        for (ReplayedDecision d : shown(report)) {
            RecordedDecision r = d.recorded();
            out.println("Recorded: " + Summaries.safe(r.capability()));
            out.println("Original: " + upper(r.original()));
            out.println("Replayed: " + upper(d.replayed().decision()));
            out.println("Changed: " + d.changed());
            out.println("Event: " + Summaries.safe(r.id()) + " (line " + r.line() + ", actor "
                    + Summaries.safe(r.event().actor()) + ")");
            out.println("Replayed rule: " + (d.replayed().ruleId() == null ? "none" : Summaries.safe(d.replayed().ruleId()))
                    + " (" + d.replayed().reasonCode() + ")");
            if (r.redacted()) {
                out.println("Redacted: true (replayed on [REDACTED] payload values; the real payload may decide otherwise)");
            }
            out.println();
        }
        out.println("Totals (" + Inputs.count(report.total(), "decision") + " replayed against " + policy + "):");
        report.totals().forEach((t, n) -> out.println(t + ": " + n));
        out.println("unchanged: " + report.unchanged());
        if (report.redacted() > 0) {
            out.println("redacted: " + report.redacted() + " (replayed on redacted payloads, see 'Redacted: true')");
        }
        if (!audit.unreadable().isEmpty()) {
            out.println("unreadable lines: " + audit.unreadable().size() + " (named on stderr)");
        }
    }

    private Map<String, Object> json(ReplayReport report, Policy compiled, AuditLog audit) {
        List<Object> records = new ArrayList<>();
        for (ReplayedDecision d : shown(report)) {
            RecordedDecision r = d.recorded();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", r.line());
            m.put("id", r.id());
            m.put("format", r.format().wireName());
            m.put("actor", r.event().actor());
            m.put("capability", r.capability());
            m.put("original", r.original().wireName());
            m.put("original_reason_code", r.originalReasonCode());
            m.put("original_rule_id", r.originalRuleId());
            m.put("replayed", d.replayed().decision().wireName());
            m.put("replayed_reason_code", d.replayed().reasonCode().wireName());
            m.put("replayed_rule_id", d.replayed().ruleId());
            m.put("replayed_reason", d.replayed().reason());
            m.put("changed", d.changed());
            m.put("transition", d.transition().toString());
            m.put("redacted", r.redacted());
            records.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", report.total());
        summary.put("changed", report.changed());
        summary.put("unchanged", report.unchanged());
        summary.put("redacted", report.redacted());
        summary.put("unreadable", audit.unreadable().size());
        summary.put("transitions", transitions(report.totals()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy.toString());
        m.put("policy_sha256", compiled.sha256());
        m.put("records", records);
        m.put("summary", summary);
        m.put("unreadable", Skipped.json(audit.unreadable()));
        return m;
    }

    static Map<String, Object> transitions(Map<Transition, Long> totals) {
        Map<String, Object> m = new LinkedHashMap<>();
        totals.forEach((t, n) -> m.put(t.toString(), n));
        return m;
    }

    private static String upper(Decision d) {
        return d.wireName().toUpperCase(Locale.ROOT);
    }
}
