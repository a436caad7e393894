package dev.capfence.cli;

import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import dev.capfence.replay.DiffReport;
import dev.capfence.replay.DiffedEvent;
import dev.capfence.audit.EventLines;
import dev.capfence.replay.PolicyDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence diff} (upstream: {@code capfence policy diff}): decides the same events under an old and a
 * new policy and shows what the change does. Newly allowed side effects — what would now run with nobody
 * asked — end the report in a warning section, so a reviewer cannot miss them.
 */
@Command(name = "diff",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every event was decided under both policies",
                "1:with --fail-on-newly-allowed: the new policy allows an event the old one did not",
                "2:usage error, unreadable events file or invalid policy (nothing on stdout)"
        },
        description = {
                "Compares two policies on the same events: the events whose decision changes (every event "
                        + "with --all), totals by transition, and a WARNING section listing newly allowed side "
                        + "effects (and, labelled apart, denials loosened to require_approval).",
                "Events: one JSON event per line, or an audit log (the recorded events are used)."
        })
final class DiffCommand implements Callable<Integer> {

    static final int NEWLY_ALLOWED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD.yaml", description = "The policy in force.")
    Path oldPolicy;

    @Parameters(index = "1", paramLabel = "NEW.yaml", description = "The proposed policy.")
    Path newPolicy;

    @Option(names = "--events", required = true, paramLabel = "FILE.jsonl",
            description = "Events, one per line, or an audit log ('-' for stdin).")
    String events;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json: {old, new, events: [...], summary: {...}, newly_allowed: [...], "
                    + "loosened_to_approval: [...], unreadable: [...]}.")
    Format format;

    @Option(names = "--all", description = "List every event, not only those whose decision changes.")
    boolean all;

    @Option(names = "--fail-on-newly-allowed", description = "Exit 1 when the new policy newly allows an event (for CI).")
    boolean failOnNewlyAllowed;

    @Override
    public Integer call() {
        Policy before = Inputs.policy(oldPolicy);
        Policy after = Inputs.policy(newPolicy);
        EventLines input = EventLines.read(Inputs.bytes(events, CapFenceCommand.stdin(spec), "events file"));
        DiffReport report = PolicyDiff.run(before, after, input.eventList());
        List<Long> lineOf = input.events().stream().map(EventLines.Numbered::line).toList();

        Skipped.warn(spec.commandLine().getErr(), events, input.unreadable());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Output.json(json(report, before, after, lineOf, input)));
        } else {
            text(out, report, lineOf, input);
        }
        out.flush();
        return failOnNewlyAllowed && !report.newlyAllowed().isEmpty() ? NEWLY_ALLOWED : CapFenceCommand.OK;
    }

    private void text(PrintWriter out, DiffReport report, List<Long> lineOf, EventLines input) {
        out.println("Compared " + Inputs.count(report.total(), "event") + ": " + oldPolicy + " -> " + newPolicy);
        Table table = new Table("  ");
        for (int i = 0; i < report.events().size(); i++) {
            DiffedEvent d = report.events().get(i);
            if (all || d.changed()) {
                String change = d.changed() ? d.transition().toString() : d.before().decision().wireName() + " (unchanged)";
                table.add(concat(new String[] {"line " + lineOf.get(i)}, row(d, change)));
            }
        }
        out.println();
        if (table.isEmpty()) {
            out.println(all ? "No events." : "No decision changes.");
        } else {
            out.println(all ? "Every event:" : "Changed decisions:");
            table.print(out);
        }
        out.println();
        out.println("Totals:");
        report.totals().forEach((t, n) -> out.println(t + ": " + n));
        out.println("unchanged: " + report.unchanged());
        if (!input.unreadable().isEmpty()) {
            out.println("unreadable lines: " + input.unreadable().size() + " (named on stderr)");
        }
        out.println();
        List<DiffedEvent> newly = report.newlyAllowed();
        if (newly.isEmpty()) {
            out.println("No newly allowed side effects.");
        } else {
            out.println("WARNING: " + newly.size() + " newly allowed side effect" + (newly.size() == 1 ? "" : "s")
                    + " (would now run without anyone approving):");
            warningTable(newly).print(out);
        }
        List<DiffedEvent> loosened = report.loosenedToApproval();
        if (!loosened.isEmpty()) {
            out.println("WARNING: " + loosened.size() + " denied action" + (loosened.size() == 1 ? "" : "s")
                    + " loosened to require_approval (no longer denied; one approval away from running):");
            warningTable(loosened).print(out);
        }
    }

    private static Table warningTable(List<DiffedEvent> events) {
        Table t = new Table("  ");
        events.forEach(d -> t.add(row(d, d.transition().toString())));
        return t;
    }

    /** id, actor, capability, what changed, payload summary. */
    private static String[] row(DiffedEvent d, String change) {
        ActionEvent e = d.event();
        return new String[] {Summaries.safe(e.id()), Summaries.safe(e.actor()), Summaries.safe(e.capability()), change,
                Summaries.payload(e.payload())};
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Map<String, Object> json(DiffReport report, Policy before, Policy after, List<Long> lineOf, EventLines input) {
        List<Object> listed = new ArrayList<>();
        List<Object> newly = new ArrayList<>();
        List<Object> loosened = new ArrayList<>();
        for (int i = 0; i < report.events().size(); i++) {
            DiffedEvent d = report.events().get(i);
            if (all || d.changed()) {
                listed.add(event(d, lineOf.get(i), false));
            }
            if (d.newlyAllowed()) {
                newly.add(event(d, lineOf.get(i), true));
            }
            if (d.loosenedToApproval()) {
                loosened.add(event(d, lineOf.get(i), true));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", report.total());
        summary.put("changed", report.changed());
        summary.put("unchanged", report.unchanged());
        summary.put("newly_allowed", newly.size());
        summary.put("loosened_to_approval", loosened.size());
        summary.put("unreadable", input.unreadable().size());
        summary.put("transitions", ReplayCommand.transitions(report.totals()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", policy(oldPolicy, before));
        m.put("new", policy(newPolicy, after));
        m.put("events", listed);
        m.put("summary", summary);
        m.put("newly_allowed", newly);
        m.put("loosened_to_approval", loosened);
        m.put("unreadable", Skipped.json(input.unreadable()));
        return m;
    }

    private static Map<String, Object> event(DiffedEvent d, long line, boolean withPayload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", line);
        m.put("id", d.event().id());
        m.put("actor", d.event().actor());
        m.put("capability", d.event().capability());
        m.put("transition", d.transition().toString());
        m.put("changed", d.changed());
        m.put("before", verdict(d.before()));
        m.put("after", verdict(d.after()));
        if (withPayload) {
            m.put("payload", d.event().payload());
        }
        return m;
    }

    private static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", v.decision().wireName());
        m.put("reason_code", v.reasonCode().wireName());
        m.put("rule_id", v.ruleId());
        return m;
    }

    private static Map<String, Object> policy(Path file, Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", file.toString());
        m.put("policy_sha256", p.sha256());
        return m;
    }
}
