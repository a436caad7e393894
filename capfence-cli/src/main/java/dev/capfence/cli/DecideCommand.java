package dev.capfence.cli;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalException;
import dev.capfence.approval.Approvals;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code approve} and {@code reject} share. The policy is required because its {@code approval.approvers}
 * decide who may answer; the rest (not the requester, only while pending and not expired) is {@link Approvals}'s.
 */
abstract class DecideCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", description = "The approval id (from 'approvals list' or a verdict).")
    String id;

    @Option(names = "--as", required = true, paramLabel = "APPROVER", description = "Who decides; never the requesting actor.")
    String approver;

    @Option(names = "--note", paramLabel = "N", description = "Why; shown in the verdict and the audit record.")
    String note;

    @Option(names = "--policy", required = true, paramLabel = "FILE",
            description = "The application's policy: its approval.approvers say who may decide.")
    Path policy;

    abstract Approval decide(Approvals approvals);

    @Override
    public Integer call() {
        Approvals approvals = store.approvals(Inputs.policy(policy));
        Approval decided;
        try {
            decided = store.open(() -> decide(approvals));
        } catch (ApprovalException e) { // not a store failure: refused by the rules
            spec.commandLine().getErr().println("capfence: refused: " + e.getMessage());
            return CapFenceCommand.CHECK_FAILED;
        }
        spec.commandLine().getOut().println(decided.id() + " " + decided.status().wireName() + " by " + decided.decidedBy());
        spec.commandLine().getOut().flush();
        return CapFenceCommand.OK;
    }
}
