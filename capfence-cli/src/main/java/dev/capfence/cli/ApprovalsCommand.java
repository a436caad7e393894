package dev.capfence.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capfence approvals list|approve|reject|grant|revoke}: operating the approvals of a JDBC store. */
@Command(name = "approvals",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused: self-approval, not an approver, not pending, unknown or revoked grant …",
                "2:usage error, unusable policy, or the database cannot be used"},
        description = "Lists, approves and rejects the approvals in the database the application's JDBC stores use, "
                + "and gives and revokes grants, with the same rules as the runtime.",
        subcommands = {ApprovalsListCommand.class, ApproveCommand.class, RejectCommand.class, GrantCommand.class,
                RevokeCommand.class})
final class ApprovalsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return CapFenceCommand.missingSubcommand(spec);
    }
}
