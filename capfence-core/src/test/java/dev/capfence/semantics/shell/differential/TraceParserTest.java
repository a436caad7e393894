package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Parses strace files recorded from real sandbox runs (test resources differential/traces/). */
class TraceParserTest {

    /** The sandbox root the recorded runs had, as strace outside it saw it. */
    private static final String ROOT = "/tmp/ot/b/scratch/run/m";

    private static TraceParser.Result parse(String run) throws IOException {
        return new TraceParser(ROOT, path -> path.equals("/srv/ws") || path.equals("/tmp")).parse(traces(run));
    }

    static Map<Integer, List<String>> traces(String run) throws IOException {
        Path dir;
        try {
            dir = Path.of(TraceParserTest.class.getResource("/differential/traces/" + run).toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Map<Integer, List<String>> traces = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                traces.put(Integer.parseInt(name.substring(name.indexOf('.') + 1)),
                        Files.readAllLines(file, StandardCharsets.ISO_8859_1));
            }
        }
        return traces;
    }

    @Test
    void theRunnersExecsAndTheShellAreDroppedAndAnExecInPlaceIsStartedByTheShell() throws IOException {
        TraceParser.Result result = parse("rm");
        assertThat(result.execs()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("/usr/bin/rm");
            assertThat(e.argv()).containsExactly("rm", "notes/todo.txt");
            assertThat(e.startedBy()).isEqualTo(-1);
            assertThat(e.addedEnv()).isEmpty();
        });
        assertThat(result.exit()).isZero();
        assertThat(result.opens()).isEmpty();   // loader, locale and passwd reads are system noise
    }

    @Test
    void aBackgroundProgramIsSeenThroughTheForkThatStartedIt() throws IOException {
        TraceParser.Result result = parse("background");
        assertThat(result.execs()).singleElement().satisfies(e -> {
            assertThat(e.argv()).containsExactly("sleep", "30");
            assertThat(e.startedBy()).isEqualTo(-1);
        });
        assertThat(result.exit()).isZero();
    }

    @Test
    void aTraceWithoutTheLinesShellIsAnError() {
        Map<Integer, List<String>> onlyRunner = Map.of(7, List.of(
                "1.000001 execve(\"/usr/bin/unshare\", [\"unshare\"], []) = 0",
                "1.000002 +++ exited with 1 +++"));
        assertThatThrownBy(() -> new TraceParser(ROOT, p -> false).parse(onlyRunner))
                .isInstanceOf(IOException.class).hasMessageContaining("shell");
    }
}
