package dev.capfence.cli;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalJson;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.audit.Redaction;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    @Option(names = "--json", description = "One JSON object per line; the requesting event's payload redacted as the "
            + "audit records it (default keys: password, token, card_number …).")
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
            shown.forEach(a -> out.println(Output.json(ApprovalJson.toMap(a, Redaction.defaults()))));
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

    private static String dash(String s) {
        return s == null ? "-" : Summaries.safe(s);
    }
}
