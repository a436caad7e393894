package dev.capfence.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capfence policy test|explain|diff}: upstream CapFence's spelling, kept so existing scripts keep working. */
@Command(name = "policy",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:see 'test', 'explain' and 'diff'", "1:a test case failed, or diff --fail-on-newly-allowed found one",
                "2:usage error or unusable input"},
        description = "Upstream spelling: 'policy test' is 'test', 'policy explain' is 'explain', 'policy diff' is 'diff'.",
        subcommands = {TestCommand.class, ExplainCommand.class, DiffCommand.class})
final class PolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return CapFenceCommand.missingSubcommand(spec);
    }
}
