package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs {@code evasions.txt} and {@code lookalikes.txt}; failures name the file line. */
class ShellEvasionCorpusTest {

    @Test
    void everyEvasionIsCaught() {
        List<Corpus.Line> lines = Corpus.expectations("evasions.txt");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(45);
        List<String> failures = new ArrayList<>();
        for (Corpus.Line line : lines) {
            ShellScript script = ShellParser.parse(line.input());
            for (String expectation : line.expect().split("\\+")) {
                if (!holds(expectation, script)) {
                    failures.add("evasions.txt:" + line.number() + ": expected " + expectation + " for <"
                            + line.input() + "> but got " + script);
                }
            }
        }
        assertThat(failures).as("evasions that were not caught").isEmpty();
    }

    @Test
    void noLookalikeReadsAsDangerous() {
        List<String> failures = new ArrayList<>();
        for (String file : List.of("lookalikes.txt", "lookalikes-runtime.txt")) {
            List<Corpus.Line> lines = Corpus.inputs(file);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
            for (Corpus.Line line : lines) {
                ShellScript script = ShellParser.parse(line.input());
                String why = dangerous(script);
                if (why != null) {
                    failures.add(file + ":" + line.number() + ": <" + line.input() + "> " + why + ": " + script);
                }
            }
        }
        assertThat(failures).as("look-alikes read as dangerous").isEmpty();
    }

    private static boolean holds(String expectation, ShellScript script) {
        switch (expectation) {
            case "unparseable":
                return script.unparseable();
            case "pipe-shell":
                return script.pipesToShell();
            default:
                int colon = expectation.indexOf(':');
                String program = colon < 0 ? expectation : expectation.substring(0, colon);
                List<String> flags = colon < 0 ? List.of() : Arrays.asList(expectation.substring(colon + 1).split(","));
                return script.commands().stream()
                        .anyMatch(c -> c.program().equals(program) && c.flags().containsAll(flags));
        }
    }

    private static String dangerous(ShellScript script) {
        if (script.unparseable()) {
            return "is unparseable";
        }
        if (script.pipesToShell()) {
            return "pipes to a shell";
        }
        for (SimpleCommand c : script.commands()) {
            Set<String> f = c.flags();
            boolean recursive = f.contains("r") || f.contains("R") || f.contains("recursive");
            boolean force = f.contains("f") || f.contains("force");
            if (c.program().equals("rm") && recursive && force) {
                return "runs rm -rf";
            }
            if (c.program().startsWith("mkfs") || c.program().equals("dd")) {
                return "runs " + c.program();
            }
        }
        return null;
    }
}
