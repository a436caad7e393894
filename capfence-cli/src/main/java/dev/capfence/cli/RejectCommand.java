package dev.capfence.cli;

import dev.capfence.approval.Approval;
import dev.capfence.approval.Approvals;
import picocli.CommandLine.Command;

/** {@code capfence approvals reject ID --as APPROVER --policy FILE}. */
@Command(name = "reject", description = "Rejects a pending approval: the identical action is denied until the "
        + "approval's expiry.")
final class RejectCommand extends DecideCommand {

    @Override
    Approval decide(Approvals approvals) {
        return approvals.reject(id, approver, note);
    }
}
