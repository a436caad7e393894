package dev.capfence.cli;

import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import dev.capfence.policy.PolicyProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence lint} (upstream: {@code check-policy}). The findings are the command's result, so they go
 * to stdout — valid files and problems alike — and a CI step can capture them; stderr is for usage errors.
 */
@Command(name = "lint", aliases = "check-policy",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid", "2:a file has problems, or a usage error"},
        description = {
                "Checks policy files. Prints 'OK FILE (N rules, sha256 HASH)' for each valid file and "
                        + "'FILE:LINE:COLUMN: message' for each problem, on stdout."
        })
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean valid = true;
        for (Path file : files) {
            try {
                Policy p = Policy.load(file);
                out.println("OK " + file + " (" + Inputs.count(p.ruleCount(), "rule") + ", sha256 " + p.sha256() + ")");
            } catch (PolicyException e) {
                valid = false;
                for (PolicyProblem problem : e.problems()) {
                    out.println(problem);
                }
            }
        }
        out.flush();
        return valid ? CapFenceCommand.OK : CapFenceCommand.FAILURE;
    }
}
