package dev.capfence.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capfence approvals revoke GRANT_ID --as OPERATOR}: ends a grant now. */
@Command(name = "revoke", description = "Ends a grant now.")
final class RevokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "GRANT_ID", description = "The id 'approvals grant' printed.")
    String grantId;

    @Option(names = "--as", required = true, paramLabel = "OPERATOR", description = "Who revokes.")
    String operator;

    @Override
    public Integer call() {
        boolean revoked = store.open(() -> store.approvals(null).revoke(grantId, operator));
        if (!revoked) {
            spec.commandLine().getErr().println("capfence: refused: grant " + grantId + " is unknown or already revoked");
            return CapFenceCommand.CHECK_FAILED;
        }
        spec.commandLine().getOut().println(grantId + " revoked by " + operator);
        spec.commandLine().getOut().flush();
        return CapFenceCommand.OK;
    }
}
