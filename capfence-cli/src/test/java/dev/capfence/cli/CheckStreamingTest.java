package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.LS_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code check --events -} in a pipeline: each verdict is out before check waits for the next event. */
class CheckStreamingTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aVerdictIsFlushedWhileTheInputStaysOpen(int threads) throws Exception {
        Path policy = write(dir, "shell.yaml", SEED_POLICY);
        PipedOutputStream events = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(events, 1 << 16);
        StringWriter seen = new StringWriter();
        CommandLine cl = CapFenceCommand.commandLine(stdin);
        // a buffer between check and what the test sees: only a flush makes a verdict visible
        cl.setOut(new PrintWriter(new BufferedWriter(seen, 1 << 16), false));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("check",
                "--policy", policy.toString(), "--events", "-", "--threads", String.valueOf(threads)));

        events.write((LS_EVENT + "\n").getBytes(StandardCharsets.UTF_8));
        events.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.toString().lines().count() == 1);

        // a blank line after an event, then nothing: the event's verdict still comes before the input ends
        events.write((LS_EVENT.replace("ls-1", "ls-2") + "\n\n").getBytes(StandardCharsets.UTF_8));
        events.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.toString().lines().count() == 2);

        assertThat(exit).isNotDone();
        events.close();
        assertThat(exit.get()).isZero();
        List<String> lines = seen.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"id\":\"ls-1\"");
        assertThat(lines.get(1)).contains("\"id\":\"ls-2\"");
    }
}
