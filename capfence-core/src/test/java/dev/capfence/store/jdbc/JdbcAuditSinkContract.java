package dev.capfence.store.jdbc;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditFilter;
import dev.capfence.audit.AuditHead;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.VerifyResult;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What every database must do for {@link JdbcAuditSink}; subclasses give the database. */
abstract class JdbcAuditSinkContract {

    /** A database holding the tables of earlier tests, or a fresh one. */
    abstract DataSource dataSource();

    /** A database of its own that {@link #stopDisposableDatabase()} then makes unreachable. */
    abstract DataSource startDisposableDatabase();

    abstract void stopDisposableDatabase() throws Exception;

    private final String chain = TestDatabases.unique("chain");

    JdbcAuditSink open(DataSource ds) {
        return JdbcAuditSink.builder(ds).chainName(chain).open();
    }

    static AuditRecord.Decision decision(String id, String decision) {
        ActionEvent event = ActionEvent.builder().id(id).actor("agent").capability("payments.refund")
                .payload(Map.of("amount", 10, "card_number", "4111 1111 1111 1111")).build();
        return new AuditRecord.Decision(id, event, decision, "policy_" + decision, "because", "rule-1",
                "a".repeat(64), "enforce", null, null, null);
    }

    @Test
    void linesAreTheSameAsTheInMemorySinkWritesAndVerify() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456Z"), ZoneOffset.UTC);
        InMemoryAuditSink memory = InMemoryAuditSink.builder().clock(clock).build();
        try (JdbcAuditSink sink = JdbcAuditSink.builder(dataSource()).chainName(chain).clock(clock).open()) {
            List<AuditRecord> records = List.of(decision("e1", "allow"),
                    new AuditRecord.Outcome("e1", 1, true, false, "java.io.IOException", "boom"),
                    decision("e2", "deny"));
            AuditReceipt last = null;
            for (AuditRecord r : records) {
                last = memory.append(r);
                assertThat(sink.append(r)).isEqualTo(last);
            }
            assertThat(sink.lines()).isEqualTo(memory.lines());
            assertThat(sink.lines().get(0)).contains("[REDACTED]").doesNotContain("4111");
            VerifyResult result = sink.verify(AuditVerifier.create());
            assertThat(result.intact()).as(result.summary()).isTrue();
            assertThat(sink.head()).isEqualTo(new AuditHead(3, last.hash(), 3));
            assertThat(sink.lines(2, 1)).containsExactly(memory.lines().get(1));
        }
    }

    @Test
    void readsItsRecordsNewestFirstThroughTheFilter() {
        try (JdbcAuditSink sink = open(dataSource())) {
            sink.append(decision("e1", "allow"));
            sink.append(new AuditRecord.Outcome("e1", 1, true, true, null, null));
            AuditReceipt last = sink.append(decision("e2", "deny"));
            assertThat(sink.records(AuditFilter.all(), 10)).extracting(AuditEntry::seq).containsExactly(3L, 2L, 1L);
            assertThat(sink.records(AuditFilter.all().withDecision(Decision.ALLOW), 10)).extracting(AuditEntry::seq)
                    .containsExactly(2L, 1L);
            assertThat(sink.records(AuditFilter.all().withCapability("payments.*"), 1)).extracting(AuditEntry::seq)
                    .containsExactly(3L);
            assertThat(sink.records(AuditFilter.all().withActor("someone-else"), 10)).isEmpty();
            VerifyResult r = sink.verify();
            assertThat(r.intact()).as(r.summary()).isTrue();
            assertThat(r.headHash()).isEqualTo(last.hash());
        }
    }

    @Test
    void aReopenedSinkContinuesTheChain() {
        try (JdbcAuditSink first = open(dataSource())) {
            first.append(decision("e1", "allow"));
        }
        try (JdbcAuditSink second = open(dataSource())) {
            assertThat(second.append(decision("e2", "deny")).seq()).isEqualTo(2);
            assertThat(second.verify(AuditVerifier.create()).intact()).isTrue();
            assertThat(second.lines()).hasSize(2);
        }
    }

    @Test
    void aClosedSinkRefusesRecords() {
        JdbcAuditSink sink = open(dataSource());
        sink.close();
        assertThatThrownBy(() -> sink.append(decision("e1", "allow"))).isInstanceOf(AuditException.class);
    }

    @Test
    void signedRecordsVerifyWithThePublicKey() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (JdbcAuditSink sink = JdbcAuditSink.builder(dataSource()).chainName(chain)
                .signer(AuditSigner.of(pair)).open()) {
            AuditReceipt receipt = sink.append(decision("e1", "allow"));
            assertThat(receipt.sig()).isNotNull();
            VerifyResult result = sink.verify(AuditVerifier.builder().publicKey(pair.getPublic()).build());
            assertThat(result.intact()).as(result.summary()).isTrue();
            assertThat(result.signaturesChecked()).isEqualTo(1);
        }
    }

    /** Two sinks (as two application instances would have) and 8 threads each make one gap-free chain. */
    @Test
    void concurrentAppendsFromTwoSinksMakeOneChain() throws Exception {
        int threadsPerSink = 8;
        int perThread = 25;
        DataSource ds = dataSource();
        try (JdbcAuditSink a = open(ds); JdbcAuditSink b = open(ds)) {
            List<AuditReceipt> receipts = Collections.synchronizedList(new ArrayList<>());
            List<Long> seqsOfA = Collections.synchronizedList(new ArrayList<>());
            List<Long> seqsOfB = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerSink);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerSink; t++) {
                JdbcAuditSink sink = t % 2 == 0 ? a : b;
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        AuditReceipt r = sink.append(decision("t" + thread + "-" + i, i % 2 == 0 ? "allow" : "deny"));
                        receipts.add(r);
                        (sink == a ? seqsOfA : seqsOfB).add(r.seq());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            int total = 2 * threadsPerSink * perThread;
            List<String> lines = a.lines();
            assertThat(lines).hasSize(total);
            VerifyResult result = AuditVerifier.create().verifyLines(lines);
            assertThat(result.intact()).as(result.summary()).isTrue();
            assertThat(result.headSeq()).isEqualTo(total);
            Set<Long> seqs = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            receipts.forEach(r -> {
                seqs.add(r.seq());
                hashes.add(r.hash());
            });
            assertThat(receipts).hasSize(total);
            assertThat(seqs).hasSize(total).allMatch(s -> s >= 1 && s <= total);
            assertThat(hashes).hasSize(total);
            assertThat(b.head().seq()).isEqualTo(total);
            assertThat(b.head().hash()).isEqualTo(result.headHash());
            // Each sink committed at least one batch of its own onto the one chain (how they interleave is up to the
            // scheduler; that the chain above is intact whatever it was is the point).
            assertThat(seqsOfA).hasSize(total / 2);
            assertThat(seqsOfB).hasSize(total / 2);
            assertThat(a.committedBatches() + b.committedBatches()).isBetween(2L, (long) total);
        }
    }

    /** 16 threads on one sink: every receipt has its own seq, 1 to N without a gap, and names its stored record. */
    @Test
    void concurrentAppendsOnOneSinkGetContiguousReceiptsInChainOrder() throws Exception {
        int threads = 16;
        int perThread = 40;
        int total = threads * perThread;
        try (JdbcAuditSink sink = open(dataSource())) {
            List<AuditReceipt> receipts = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        receipts.add(sink.append(decision("t" + thread + "-" + i, "allow")));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            List<String> lines = sink.lines();
            VerifyResult result = AuditVerifier.create().verifyLines(lines);
            assertThat(result.intact()).as(result.summary()).isTrue();
            assertThat(result.headSeq()).isEqualTo(total);
            List<AuditEntry> entries = AuditLogReader.read(lines).entries();
            assertThat(entries).extracting(AuditEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            List<AuditReceipt> bySeq = new ArrayList<>(receipts);
            bySeq.sort(Comparator.comparingLong(AuditReceipt::seq));
            assertThat(bySeq).extracting(AuditReceipt::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            for (AuditReceipt r : bySeq) {
                assertThat(lines.get((int) r.seq() - 1)).contains("\"hash\":\"" + r.hash() + "\"");
            }
            assertThat(sink.committedBatches()).isBetween(1L, (long) total);
        }
    }

    /**
     * While one transaction is held at its commit, the records that arrive queue up; they then go into the next
     * transaction together, and each caller gets its own receipt.
     */
    @Test
    void recordsArrivingDuringACommitShareTheNextTransaction() throws Exception {
        Commits commits = new Commits();
        try (JdbcAuditSink sink = open(commits.wrap(dataSource()))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                commits.holdNext();
                Future<AuditReceipt> first = pool.submit(() -> sink.append(decision("first", "allow")));
                commits.awaitHeld();
                List<Future<AuditReceipt>> queued = queue(pool, sink, 5);
                commits.release();

                assertThat(first.get(1, TimeUnit.MINUTES).seq()).isEqualTo(1);
                Set<Long> seqs = new HashSet<>();
                for (Future<AuditReceipt> f : queued) {
                    seqs.add(f.get(1, TimeUnit.MINUTES).seq());
                }
                assertThat(seqs).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
                assertThat(sink.committedBatches()).isEqualTo(2);
                VerifyResult result = sink.verify();
                assertThat(result.intact()).as(result.summary()).isTrue();
                assertThat(result.headSeq()).isEqualTo(6);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A signed batch carries one signature, on its last record, which covers the batch: the chain verifies with the
     * public key, and every receipt names the signed record of its batch.
     */
    @Test
    void aSignedBatchCarriesOneSignatureThatCoversIt() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Commits commits = new Commits();
        try (JdbcAuditSink sink = JdbcAuditSink.builder(commits.wrap(dataSource())).chainName(chain)
                .signer(AuditSigner.of(pair)).open()) {
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try {
                commits.holdNext();
                Future<AuditReceipt> first = pool.submit(() -> sink.append(decision("first", "allow")));
                commits.awaitHeld();
                List<Future<AuditReceipt>> queued = queue(pool, sink, 8);
                commits.release();

                List<AuditReceipt> receipts = new ArrayList<>(List.of(first.get(1, TimeUnit.MINUTES)));
                for (Future<AuditReceipt> f : queued) {
                    receipts.add(f.get(1, TimeUnit.MINUTES));
                }
                assertThat(sink.committedBatches()).isEqualTo(2);
                assertThat(receipts).allMatch(r -> r.signedBy(pair.getPublic()));
                assertThat(receipts).extracting(AuditReceipt::headSeq).containsOnly(1L, 9L);
                List<String> lines = sink.lines();
                for (AuditReceipt r : receipts) {
                    assertThat(lines.get((int) r.headSeq() - 1)).contains("\"hash\":\"" + r.headHash() + "\",\"sig\":\""
                            + r.sig() + "\"");
                }
                assertThat(lines.subList(1, 8)).noneMatch(l -> l.contains("\"sig\""));
                VerifyResult result = sink.verify(AuditVerifier.builder().publicKey(pair.getPublic()).build());
                assertThat(result.intact()).as(result.summary()).isTrue();
                assertThat(result.signaturesChecked()).as("one per batch").isEqualTo(2);
                assertThat(result.unsignedTail()).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Two signed sinks and 16 threads on one chain: one signature per committed batch, every record covered by
     * one, and each receipt's signed record in the chain with the receipt's signature.
     */
    @Test
    void concurrentSignedWritersLeaveEveryRecordCovered() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        DataSource ds = dataSource();
        try (JdbcAuditSink a = JdbcAuditSink.builder(ds).chainName(chain).signer(AuditSigner.of(pair)).open();
             JdbcAuditSink b = JdbcAuditSink.builder(ds).chainName(chain).signer(AuditSigner.of(pair)).open()) {
            List<AuditReceipt> receipts = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                JdbcAuditSink sink = t % 2 == 0 ? a : b;
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 15; i++) {
                        receipts.add(sink.append(decision("t" + thread + "-" + i, "allow")));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            List<String> lines = a.lines();
            VerifyResult result = AuditVerifier.builder().publicKey(pair.getPublic()).build().verifyLines(lines);
            assertThat(result.intact()).as(result.summary()).isTrue();
            assertThat(result.records()).isEqualTo(16 * 15);
            assertThat(result.unsignedTail()).isZero();
            assertThat(result.signaturesChecked()).isEqualTo(a.committedBatches() + b.committedBatches());
            for (AuditReceipt r : receipts) {
                assertThat(r.signedBy(pair.getPublic())).isTrue();
                assertThat(lines.get((int) r.seq() - 1)).contains("\"hash\":\"" + r.hash() + "\"");
                assertThat(lines.get((int) r.headSeq() - 1)).endsWith("\"hash\":\"" + r.headHash() + "\",\"sig\":\""
                        + r.sig() + "\",\"key_id\":\"" + r.keyId() + "\"}");
            }
        }
    }

    /** A record that cannot be serialized fails alone: the others of its batch take the places in order. */
    @Test
    void aRecordThatCannotBeSerializedFailsAloneInItsBatch() throws Exception {
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public String getValue() {
                throw new IllegalStateException("no JSON for this");
            }
        };
        ActionEvent event = ActionEvent.builder().id("bad").actor("agent").capability("payments.refund")
                .payload(Map.of("x", unserializable)).build();
        AuditRecord bad = new AuditRecord.Decision("bad", event, "allow", "policy_allow", "r", null, null, "enforce",
                null, null, null);
        Commits commits = new Commits();
        try (JdbcAuditSink sink = open(commits.wrap(dataSource()))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                commits.holdNext();
                Future<AuditReceipt> first = pool.submit(() -> sink.append(decision("first", "allow")));
                commits.awaitHeld();
                List<Future<AuditReceipt>> good = queue(pool, sink, 2);
                Future<AuditReceipt> failed = pool.submit(() -> sink.append(bad));
                awaitQueued(sink, 3);
                commits.release();

                assertThat(first.get(1, TimeUnit.MINUTES).seq()).isEqualTo(1);
                assertThatThrownBy(() -> failed.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(AuditException.class)
                        .hasMessageContaining("cannot build the audit record");
                Set<Long> seqs = new HashSet<>();
                for (Future<AuditReceipt> f : good) {
                    seqs.add(f.get(1, TimeUnit.MINUTES).seq());
                }
                assertThat(seqs).containsExactlyInAnyOrder(2L, 3L);
                assertThat(sink.committedBatches()).isEqualTo(2);
                VerifyResult result = sink.verify();
                assertThat(result.intact()).as(result.summary()).isTrue();
                assertThat(result.headSeq()).isEqualTo(3);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A batch whose commit fails fails every caller in it; the next append continues the chain from the stored head. */
    @Test
    void aFailedCommitFailsEveryRecordOfItsBatchAndTheChainGoesOn() throws Exception {
        Commits commits = new Commits();
        try (JdbcAuditSink sink = open(commits.wrap(dataSource()))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                commits.holdNext();
                Future<AuditReceipt> first = pool.submit(() -> sink.append(decision("first", "allow")));
                commits.awaitHeld();
                List<Future<AuditReceipt>> queued = queue(pool, sink, 5);
                commits.failNext();
                commits.release();

                assertThat(first.get(1, TimeUnit.MINUTES).seq()).isEqualTo(1);
                for (Future<AuditReceipt> f : queued) {
                    assertThatThrownBy(() -> f.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(AuditException.class)
                            .hasMessageContaining("commit refused");
                }
                assertThat(sink.lines()).hasSize(1);
                assertThat(sink.head().seq()).isEqualTo(1);

                AuditReceipt next = sink.append(decision("next", "deny"));
                assertThat(next.seq()).isEqualTo(2);
                VerifyResult result = sink.verify();
                assertThat(result.intact()).as(result.summary()).isTrue();
                assertThat(result.headSeq()).isEqualTo(2);
                assertThat(result.headHash()).isEqualTo(next.hash());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Starts {@code n} appends and returns once all of them wait in the sink's queue. */
    private static List<Future<AuditReceipt>> queue(ExecutorService pool, JdbcAuditSink sink, int n)
            throws InterruptedException {
        List<Future<AuditReceipt>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "queued-" + i;
            futures.add(pool.submit(() -> sink.append(decision(id, "allow"))));
        }
        awaitQueued(sink, n);
        return futures;
    }

    private static void awaitQueued(JdbcAuditSink sink, int n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> sink.queued() >= n);
    }

    /**
     * A data source whose next commit can be held (until released) or refused (rolled back, then an exception), to
     * line records up behind a transaction and to fail one.
     */
    static final class Commits {
        private volatile CountDownLatch held; // armed until the commit it holds is reached
        private volatile CountDownLatch reached; // kept, so awaiting it works however soon the commit came
        private volatile CountDownLatch release;
        private volatile boolean failNext;

        void holdNext() {
            release = new CountDownLatch(1);
            reached = new CountDownLatch(1);
            held = reached;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(reached.await(30, TimeUnit.SECONDS)).as("a commit reached").isTrue();
        }

        void release() {
            release.countDown();
        }

        void failNext() {
            failNext = true;
        }

        DataSource wrap(DataSource ds) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(ds, method, args);
                        return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                    });
        }

        private Connection connection(Connection c) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            onCommit(c);
                        }
                        return invoke(c, method, args);
                    });
        }

        private synchronized void onCommit(Connection c) throws Exception {
            CountDownLatch h = held;
            if (h != null) {
                held = null;
                h.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            } else if (failNext) {
                failNext = false;
                c.rollback();
                throw new SQLException("commit refused");
            }
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Test
    void anEditedRowIsDetectedAtItsSeq() {
        try (JdbcAuditSink sink = open(dataSource())) {
            for (int i = 1; i <= 6; i++) {
                sink.append(decision("e" + i, "deny"));
            }
            TestDatabases.execute(dataSource(), "UPDATE capfence_audit SET line = REPLACE(line, '\"deny\"', '\"allow\"')"
                    + " WHERE chain_name = '" + chain + "' AND seq = 4");
            VerifyResult result = sink.verify(AuditVerifier.create());
            assertThat(result.intact()).isFalse();
            assertThat(result.brokenSeq()).isEqualTo(4);
        }
    }

    @Test
    void aDeletedRowIsDetectedAtItsSeq() {
        try (JdbcAuditSink sink = open(dataSource())) {
            for (int i = 1; i <= 6; i++) {
                sink.append(decision("e" + i, "allow"));
            }
            TestDatabases.execute(dataSource(), "DELETE FROM capfence_audit WHERE chain_name = '" + chain + "' AND seq = 3");
            VerifyResult result = sink.verify(AuditVerifier.create());
            assertThat(result.intact()).isFalse();
            assertThat(result.brokenSeq()).isEqualTo(3);
        }
    }

    @Test
    void aSinkRefusesToOpenWhenTheHeadDisagreesWithTheLastRecord() {
        try (JdbcAuditSink sink = open(dataSource())) {
            sink.append(decision("e1", "allow"));
            sink.append(decision("e2", "allow"));
        }
        TestDatabases.execute(dataSource(), "UPDATE capfence_audit_head SET seq = 1 WHERE chain_name = '" + chain + "'");
        assertThatThrownBy(() -> open(dataSource())).isInstanceOf(AuditException.class).hasMessageContaining("inconsistent");
    }

    @Test
    void aDatabaseThatIsDownMakesAppendThrow() throws Exception {
        JdbcAuditSink sink = open(startDisposableDatabase());
        sink.append(decision("e1", "allow"));
        stopDisposableDatabase();
        assertThatThrownBy(() -> sink.append(decision("e2", "allow")))
                .isInstanceOf(AuditException.class).hasMessageContaining("cannot write the audit record");
    }
}
