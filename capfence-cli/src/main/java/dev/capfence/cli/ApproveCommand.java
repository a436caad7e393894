package dev.capfence.cli;

import dev.capfence.approval.Approval;
import dev.capfence.approval.Approvals;
import picocli.CommandLine.Command;

/** {@code capfence approvals approve ID --as APPROVER --policy FILE}. */
@Command(name = "approve", description = "Approves a pending approval: the identical action may then run "
        + "(once, unless the policy's approval.single_use is false).")
final class ApproveCommand extends DecideCommand {

    @Override
    Approval decide(Approvals approvals) {
        return approvals.approve(id, approver, note);
    }
}
