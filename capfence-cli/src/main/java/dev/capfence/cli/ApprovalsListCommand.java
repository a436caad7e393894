package dev.capfence.cli;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capfence approvals list}: the stored approvals, oldest request first. */
@Command(name = "list", description = "Lists approvals, oldest request first: id, status, actor, capability, "
        + "environment, requested and expiry times, who decided. A pending approval past its expiry is shown "
        + "(and filtered) as expired.")
final class ApprovalsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--status", paramLabel = "pending|approved|rejected|consumed|expired",
            description = "Only approvals with this status (default: all).")
    ApprovalStatus status;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
        JdbcApprovalStore approvals = store.approvalStore();
        Instant now = Instant.now();
        List<Approval> shown = new ArrayList<>();
        for (ApprovalStatus s : ApprovalStatus.values()) {
            for (Approval a : store.open(() -> approvals.withStatus(s))) {
                Approval current = a.withStatus(a.statusAt(now));
                if (status == null || current.status() == status) {
                    shown.add(current);
                }
            }
        }
        shown.sort(Comparator.comparing(Approval::requestedAt));

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            shown.forEach(a -> out.println(Output.json(fields(a))));
        } else if (!shown.isEmpty()) {
            Table table = new Table("");
            table.add("ID", "STATUS", "ACTOR", "CAPABILITY", "ENVIRONMENT", "REQUESTED", "EXPIRES", "DECIDED_BY");
            shown.forEach(a -> table.add(a.id(), a.status().wireName(), dash(a.actor()), dash(a.capability()),
                    dash(a.environment()), a.requestedAt().toString(), a.expiresAt().toString(), dash(a.decidedBy())));
            table.print(out);
        }
        out.flush();
        return CapFenceCommand.OK;
    }

    private static Map<String, Object> fields(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("status", a.status().wireName());
        m.put("actor", a.actor());
        m.put("capability", a.capability());
        m.put("environment", a.environment());
        m.put("requested_at", text(a.requestedAt()));
        m.put("expires_at", text(a.expiresAt()));
        m.put("decided_by", a.decidedBy());
        m.put("decided_at", text(a.decidedAt()));
        m.put("note", a.note());
        m.put("digest", a.digest());
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String dash(String s) {
        return s == null ? "-" : Summaries.safe(s);
    }
}
