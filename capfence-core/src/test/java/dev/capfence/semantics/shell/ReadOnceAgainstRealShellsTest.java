package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lines read once (bash and dash read them alike) hold every program real bash or dash executed for them (a delete
 * with its flags and target), as recorded from both shells in a sandbox (differential/read-once-oracle.jsonl). A line one shell
 * refuses to run ({@code exec -a} in dash) still shows what the other runs.
 */
class ReadOnceAgainstRealShellsTest {

    @Test
    void theSingleReadingHoldsWhatEitherRealShellExecuted() throws IOException {
        List<JsonNode> answers = answers();
        assertThat(answers.stream().map(a -> a.get("command").asString()).distinct().filter(ShellParser::readsAlike))
                .as("lines read once").hasSizeGreaterThanOrEqualTo(9); // `timeout` is read twice: it holds "time"
        for (JsonNode answer : answers) {
            String line = answer.get("command").asString();
            ShellScript script = ShellParser.parse(line);
            assertThat(script.unparseable()).as(line).isFalse();
            for (JsonNode exec : answer.get("execs")) {
                List<String> argv = strings(exec.get("argv"));
                String program = exec.get("path").asString().replaceAll(".*/", "");
                List<String> operands = new ArrayList<>();
                List<String> flags = new ArrayList<>();
                for (String word : argv.subList(1, argv.size())) {
                    if (word.startsWith("-")) {
                        word.substring(1).chars().forEach(f -> flags.add(String.valueOf((char) f)));
                    } else {
                        operands.add(word);
                    }
                }
                String what = answer.get("shell").asString() + " <" + line + "> runs " + argv;
                assertThat(script.commands()).as(what).anySatisfy(c -> assertThat(c.program()).isEqualTo(program));
                if (program.equals("rm")) { // what the packs judge a delete by: its flags and its target
                    assertThat(script.commands()).as(what).anySatisfy(c -> {
                        assertThat(c.program()).isEqualTo("rm");
                        assertThat(c.flags()).containsAll(flags);
                        assertThat(c.args()).containsAll(operands);
                    });
                }
            }
        }
    }

    private static List<JsonNode> answers() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = ReadOnceAgainstRealShellsTest.class
                .getResourceAsStream("/differential/read-once-oracle.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line));
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
