package dev.capfence.cli;

import dev.capfence.suite.PolicySuite;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capfence test} (upstream: {@code capfence policy test}): runs policy test suites. */
@Command(name = "test",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case passed", "1:a case failed", "2:a file is not a readable suite, or a usage error"},
        description = {
                "Runs policy test suites (a 'cases' list, each with an event, a policy and the expected verdict).",
                "Prints each failing case, then 'N passed, M failed'."
        })
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CASES.yaml", description = "Suite files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        // Every suite is loaded before any runs, so an unreadable one fails the command with nothing on stdout.
        List<PolicySuite> suites = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                errors.add("capfence: cannot read suite " + file + ": no such file");
                continue;
            }
            try {
                suites.add(PolicySuite.load(file));
            } catch (IllegalArgumentException e) {
                errors.add("capfence: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CliFailure(errors);
        }
        PrintWriter out = spec.commandLine().getOut();
        long passed = 0;
        long failed = 0;
        for (PolicySuite suite : suites) {
            PolicySuite.Result result = suite.run();
            for (PolicySuite.CaseResult c : result.cases()) {
                if (!c.passed()) {
                    // A failure can span lines (a policy that does not load lists its problems): indent the rest.
                    out.println("FAIL " + result.suite() + " / " + c.name() + ": " + c.failure().replace("\n", "\n    "));
                }
            }
            passed += result.passed();
            failed += result.failed();
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? CapFenceCommand.OK : CapFenceCommand.CHECK_FAILED;
    }
}
