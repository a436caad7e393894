package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of fsync-mode appends: after the sink's repair on reopen, the log verifies and holds
 * every record the killed writer had acknowledged, with the hash it acknowledged.
 */
class CrashRecoveryTest {

    private static final int ACKS_BEFORE_KILL = 400;
    private static final String EOF = "\u0000eof";

    @TempDir
    Path dir;

    /** A child JVM running {@link AuditWriterChild} on the log, and the lines it prints (then {@link #EOF}). */
    private record Child(Process process, BlockingQueue<String> lines) {
    }

    private Child start(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditWriterChild.class.getName(), log.toString(), "4")
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child died mid-line: what was read is what counts
            } finally {
                lines.add(EOF);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Child(process, lines);
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("child.err"));
    }

    @Test
    @Timeout(60)
    void aWriterInAnotherProcessHoldsTheLog() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Child child = start(log);
        try {
            String first = child.lines().poll(20, TimeUnit.SECONDS);
            assertThat(first).as("child stderr: %s", stderr()).startsWith("ack ");

            assertThatThrownBy(() -> JsonlAuditSink.builder(log).open())
                    .isInstanceOf(AuditException.class).hasMessageContaining("already open by another writer");
        } finally {
            child.process().destroyForcibly();
            child.process().waitFor(20, TimeUnit.SECONDS);
        }
        JsonlAuditSink.builder(log).open().close(); // the lock died with the process
    }

    @Test
    @Timeout(90)
    void aKilledWriterLosesNoAcknowledgedRecord() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Child child = start(log);
        BlockingQueue<String> lines = child.lines();

        Map<Long, String> acked = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean ended = false;
        while (acked.size() < ACKS_BEFORE_KILL && !ended) { // bounded: N acknowledgements or 20 seconds
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                break; // the time bound: kill whatever was acknowledged so far
            }
            ended = line.equals(EOF);
            record(acked, line);
        }
        child.process().destroyForcibly(); // SIGKILL on POSIX: no shutdown hooks, no close
        assertThat(child.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        // Acknowledgements printed before the kill count too: read up to the end of its output.
        for (String line; !ended && (line = lines.poll(20, TimeUnit.SECONDS)) != null; ) {
            ended = line.equals(EOF);
            record(acked, line);
        }

        assertThat(child.process().exitValue()).as("killed, not exited: %s", stderr()).isNotIn(0, 3, 4);
        assertThat(acked).as("child stderr: %s", stderr()).isNotEmpty();

        List<AuditRepair> repairs = new ArrayList<>();
        JsonlAuditSink.builder(log).onRepair(repairs::add).open().close(); // the next start repairs a torn tail
        Map<Long, String> chain = new HashMap<>();
        VerifyResult result = AuditVerifier.builder().onRecord(r -> chain.put(r.seq(), r.hash())).build().verify(log);

        assertThat(result.intact()).as(result.summary()).isTrue();
        long maxAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(result.headSeq()).isGreaterThanOrEqualTo(maxAcked);
        acked.forEach((seq, hash) -> assertThat(chain.get(seq)).as("acknowledged seq %d", seq).isEqualTo(hash));
        repairs.forEach(r -> assertThat(r.lastSeq()).isEqualTo(result.headSeq()));
    }

    private static void record(Map<Long, String> acked, String line) {
        if (line.startsWith("ack ")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[2].length() == 64) { // a line cut by the kill is not an acknowledgement
                acked.put(Long.parseLong(parts[1]), parts[2]);
            }
        }
    }
}
