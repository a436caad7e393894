package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Execution;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many threads executing through one runtime and one file sink produce one gap-free chain. */
class ConcurrentAppendTest {

    private static final Policy ALLOW = Policy.parse("allow:\n  - id: all\n    capability: \"*\"\n", "all.yaml");

    @TempDir
    Path dir;

    private record Run(List<Execution<Integer>> executions, int executorCalls) {
    }

    private static Run hammer(ActionRuntime runtime, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<Future<List<Execution<Integer>>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Execution<Integer>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ActionEvent event = ActionEvent.builder().id("t" + thread + "-" + i).actor("agent-" + thread)
                                .capability("shell.exec").payload(Map.of("i", i, "token", "secret-" + i)).build();
                        mine.add(runtime.execute(event, e -> calls.incrementAndGet()));
                    }
                    return mine;
                }));
            }
            start.countDown(); // all threads race from here
            List<Execution<Integer>> all = new ArrayList<>();
            for (Future<List<Execution<Integer>>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return new Run(all, calls.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOneChain(Path log, Run run, int expected) throws Exception {
        Map<Long, ChainRecord> bySeq = new HashMap<>();
        VerifyResult result = AuditVerifier.builder().onRecord(r -> bySeq.put(r.seq(), r)).build().verify(log);

        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.records()).isEqualTo(2L * expected); // a decision and an outcome each
        assertThat(result.headSeq()).isEqualTo(2L * expected);
        assertThat(run.executorCalls()).isEqualTo(expected);
        assertThat(run.executions()).hasSize(expected);
        List<Long> seqs = new ArrayList<>();
        for (Execution<Integer> e : run.executions()) {
            assertThat(e.succeeded()).isTrue();
            AuditReceipt decision = e.verdict().receipt();
            AuditReceipt outcome = e.outcomeReceipt();
            seqs.add(decision.seq());
            seqs.add(outcome.seq());
            assertThat(bySeq.get(decision.seq()).matches(decision)).isTrue();
            assertThat(bySeq.get(outcome.seq()).matches(outcome)).isTrue();
            Map<String, Object> decided = bySeq.get(decision.seq()).fields();
            assertThat(((Map<?, ?>) decided.get("event")).get("id")).isEqualTo(e.verdict().eventId());
            assertThat(bySeq.get(outcome.seq()).fields()).containsEntry("decision_seq", (int) decision.seq())
                    .containsEntry("event_id", e.verdict().eventId());
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(2 * expected);
    }

    @Test
    @Timeout(120)
    void thirtyTwoThreadsTimesTwoHundredMakeOneGapFreeChain() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Run run;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).open()) {
            run = hammer(ActionRuntime.builder().policy(ALLOW).auditSink(sink).build(), 32, 200);
        }

        assertOneChain(log, run, 32 * 200);
    }

    @Test
    @Timeout(120)
    void groupCommitInFsyncModeKeepsTheChainWholeAcrossRotations() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Run run;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).fsync(true).rotateAtBytes(64 * 1024).open()) {
            run = hammer(ActionRuntime.builder().policy(ALLOW).auditSink(sink).build(), 16, 40);
        }

        assertThat(LogFiles.rotated(log)).isNotEmpty();
        Map<Long, ChainRecord> bySeq = new HashMap<>();
        VerifyResult result = AuditVerifier.builder().onRecord(r -> bySeq.put(r.seq(), r)).build().verify(log);
        assertThat(result.intact()).as(result.summary()).isTrue();
        long checkpoints = bySeq.values().stream().filter(r -> r.type().equals("checkpoint")).count();
        assertThat(checkpoints).isEqualTo(LogFiles.rotated(log).size());
        assertThat(result.records()).isEqualTo(2L * 16 * 40 + checkpoints);
        for (Execution<Integer> e : run.executions()) {
            assertThat(bySeq.get(e.verdict().receipt().seq()).matches(e.verdict().receipt())).isTrue();
        }
    }
}
