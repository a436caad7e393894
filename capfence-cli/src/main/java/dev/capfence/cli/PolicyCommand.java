package dev.capfence.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capfence policy test|explain}: upstream CapFence's spelling, kept so existing scripts keep working. */
@Command(name = "policy",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:see 'test' and 'explain'", "1:a test case failed", "2:usage error or unusable input"},
        description = "Upstream spelling: 'policy test' is 'test', 'policy explain' is 'explain'.",
        subcommands = {TestCommand.class, ExplainCommand.class})
final class PolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return CapFenceCommand.missingSubcommand(spec);
    }
}
