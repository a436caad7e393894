package dev.capfence.audit;

import static dev.capfence.audit.AuditFixtures.body;
import static dev.capfence.audit.AuditFixtures.decision;
import static dev.capfence.audit.AuditFixtures.forge;
import static dev.capfence.audit.AuditFixtures.hashOf;
import static dev.capfence.audit.AuditFixtures.lines;
import static dev.capfence.audit.AuditFixtures.parse;
import static dev.capfence.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One signature per group commit: the last record of a batch carries it, and through the chain it covers every
 * record of the batch. Verification with a key needs every record covered; receipts name the signed record.
 */
class BatchSigningTest {

    private static final KeyPair KEYS = AuditKeys.generate();
    private static final AuditSigner SIGNER = AuditSigner.of(KEYS);
    private static final Instant TS = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    /** Seals {@code n} decisions one onto the other after {@code (seq, prevHash)} and signs them as one batch. */
    private static List<AuditLine> batch(long afterSeq, String prevHash, int n) {
        List<AuditLine.Sealed> sealed = new ArrayList<>();
        String hash = prevHash;
        for (int i = 1; i <= n; i++) {
            AuditLine.Sealed s = AuditLine.seal(decision("e" + (afterSeq + i), "allow"), afterSeq + i, hash, TS,
                    Redaction.defaults(), SIGNER);
            hash = s.hash();
            sealed.add(s);
        }
        return AuditLine.signLast(sealed);
    }

    /** Two batches: seq 1–4, then seq 5–7. */
    private static List<AuditLine> twoBatches() {
        List<AuditLine> all = new ArrayList<>(batch(0, AuditLine.GENESIS, 4));
        all.addAll(batch(4, all.get(3).hash(), 3));
        return all;
    }

    private static List<String> text(List<AuditLine> lines) {
        return new ArrayList<>(lines.stream().map(AuditLine::line).toList());
    }

    private static VerifyResult withKey(List<String> lines) {
        return AuditVerifier.builder().publicKey(KEYS.getPublic()).build().verifyLines(lines);
    }

    private static String withoutSignature(String line) {
        return line.substring(0, line.indexOf(",\"sig\":")) + "}";
    }

    @Test
    void onlyTheLastRecordOfABatchIsSignedAndItsSignatureCoversTheBatch() {
        List<AuditLine> lines = twoBatches();

        assertThat(lines).extracting(l -> parse(l.line()).containsKey("sig"))
                .containsExactly(false, false, false, true, false, false, true);
        VerifyResult r = withKey(text(lines));
        assertThat(r.intact()).as(r.summary()).isTrue();
        assertThat(r.records()).isEqualTo(7);
        assertThat(r.signaturesChecked()).isEqualTo(2);
        assertThat(r.unsignedTail()).isZero();
    }

    @Test
    void eachReceiptNamesTheSignedRecordOfItsBatchAndItsSignatureChecksWithoutTheLog() {
        List<AuditLine> lines = twoBatches();
        PublicKey other = AuditKeys.generate().getPublic();

        for (AuditLine line : lines) {
            AuditReceipt r = line.receipt();
            AuditLine head = lines.get((int) r.headSeq() - 1);
            assertThat(r.headSeq()).isEqualTo(line.seq() <= 4 ? 4 : 7);
            assertThat(r.headHash()).isEqualTo(head.hash());
            assertThat(r.sig()).isEqualTo(parse(head.line()).get("sig"));
            assertThat(r.signedBy(KEYS.getPublic())).isTrue();
            assertThat(r.signedBy(other)).isFalse();
        }
    }

    /**
     * The edit is found at its line, but with a key the chain is proven only up to the last valid signature: any
     * record of the batch before it may have been rewritten too, so the break is reported at the batch's first.
     */
    @Test
    void anEditInsideASignedBatchBreaksTheBatchFromItsFirstRecord() {
        List<String> lines = text(twoBatches());
        lines.set(5, lines.get(5).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));

        VerifyResult r = withKey(lines);
        VerifyResult unchecked = AuditVerifier.create().verifyLines(lines);

        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(5);
        assertThat(r.problem()).contains("line 6: the hash does not match")
                .contains("from seq 5 on are not signed").contains("proven up to seq 4 only");
        assertThat(r.headSeq()).as("the last record a signature covers").isEqualTo(4);
        assertThat(unchecked.brokenSeq()).as("without a key, hashes alone place it").isEqualTo(6);
    }

    /** Without the key, an editor can recompute every hash of the batch; the signature on its head then fails. */
    @Test
    void anEditInsideASignedBatchWithEveryHashRecomputedFailsTheBatchSignature() {
        List<String> lines = text(twoBatches());
        String sig = (String) parse(lines.get(3)).get("sig");
        String prev = hashOf(lines.get(0));
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> body = body(lines.get(i));
            body.put("prev_hash", prev);
            if (i == 1) {
                body.put("decision", "deny");
            }
            String forged = forge(body);
            if (i == 3) { // keep the head's signature, as the editor cannot make a new one
                forged = forged.substring(0, forged.length() - 1) + ",\"sig\":\"" + sig + "\",\"key_id\":\""
                        + SIGNER.keyId() + "\"}";
            }
            lines.set(i, forged);
            prev = hashOf(forged);
        }

        VerifyResult unsigned = AuditVerifier.create().verifyLines(lines.subList(0, 4));
        VerifyResult r = withKey(lines.subList(0, 4));

        assertThat(unsigned.intact()).as("the hashes are consistent again").isTrue();
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).as("the batch the signature was to cover").isEqualTo(1);
        assertThat(r.problem()).contains("line 4: the signature does not verify").contains("no record is proven");
        assertThat(r.headSeq()).isZero();
    }

    /** A crash that kept a batch's first records but not its signed last one leaves an unsigned tail. */
    @Test
    void anUnsignedTailIsBrokenWithAKeyAndCountedWithout() {
        List<String> lines = text(twoBatches()).subList(0, 6); // the second batch lost its signed seq 7

        VerifyResult signed = withKey(lines);
        VerifyResult unchecked = AuditVerifier.create().verifyLines(lines);

        assertThat(signed.intact()).isFalse();
        assertThat(signed.brokenSeq()).isEqualTo(5);
        assertThat(signed.problem()).contains("seq 5 to 6 are not covered by a signature").contains("unsigned tail");
        assertThat(signed.unsignedTail()).isEqualTo(2);
        assertThat(unchecked.intact()).isTrue();
        assertThat(unchecked.unsignedTail()).isEqualTo(2);
        assertThat(unchecked.signaturesUnchecked()).isEqualTo(1);
    }

    /** Whoever can write the file can append hash-correct records, but not sign them. */
    @Test
    void recordsForgedOntoTheEndAreAnUnsignedTail() {
        List<String> lines = text(batch(0, AuditLine.GENESIS, 3));
        Map<String, Object> body = body(lines.get(2));
        body.put("seq", 4);
        body.put("prev_hash", hashOf(lines.get(2)));
        lines.add(forge(body));

        VerifyResult r = withKey(lines);

        assertThat(AuditVerifier.create().verifyLines(lines).intact()).isTrue();
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(4);
        assertThat(r.problem()).contains("seq 4 is not covered by a signature");
    }

    @Test
    void aBatchMustBeSealedOneRecordOntoTheOther() {
        AuditLine.Sealed a = AuditLine.seal(decision("a", "allow"), 1, AuditLine.GENESIS, TS, Redaction.defaults(), SIGNER);
        AuditLine.Sealed b = AuditLine.seal(decision("b", "allow"), 2, AuditLine.GENESIS, TS, Redaction.defaults(), SIGNER);

        assertThatThrownBy(() -> AuditLine.signLast(List.of(a, b))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq 2 is not sealed onto seq 1");
    }

    /** A log written before per-batch signing, with a signature on every record (a fixture from that version). */
    @Test
    void aLogSignedOnEveryRecordStillVerifiesAndGrowsWithBatchSignatures() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        copyResource("per-record-signed.jsonl", log);
        Path pem = dir.resolve("old.pub.pem");
        copyResource("per-record-signed.pub.pem", pem);
        PublicKey old = AuditKeys.readPublicKey(pem);

        VerifyResult before = AuditVerifier.builder().publicKey(old).build().verify(log);
        VerifyResult wrongKey = AuditVerifier.builder().publicKey(KEYS.getPublic()).build().verify(log);
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).signer(SIGNER).open()) {
            AuditFixtures.appendDecisions(sink, 2);
        }
        VerifyResult after = AuditVerifier.builder().publicKey(old).publicKey(KEYS.getPublic()).build().verify(log);

        assertThat(before.intact()).as(before.summary()).isTrue();
        assertThat(before.records()).isEqualTo(6);
        assertThat(before.signaturesChecked()).isEqualTo(6);
        assertThat(wrongKey.brokenSeq()).isEqualTo(1);
        assertThat(after.intact()).as(after.summary()).isTrue();
        assertThat(after.records()).isEqualTo(8);
    }

    private void copyResource(String name, Path to) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/audit/" + name)) {
            assertThat(in).as(name).isNotNull();
            Files.copy(in, to);
        }
    }

    /** After a crash cut a batch before its signed record, the reopened sink's next signature covers the tail. */
    @Test
    void aReopenedSinkCoversAnUnsignedTailWithItsNextSignature() {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).signer(SIGNER).open()) {
            AuditFixtures.appendDecisions(sink, 3);
        }
        List<String> lines = lines(log);
        lines.set(2, withoutSignature(lines.get(2)));
        writeLines(log, lines);
        VerifyResult cut = verify(log);

        AuditReceipt next;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).signer(SIGNER).open()) {
            next = sink.append(decision("e4", "allow"));
        }
        VerifyResult covered = verify(log);

        assertThat(cut.brokenSeq()).isEqualTo(3);
        assertThat(covered.intact()).as(covered.summary()).isTrue();
        assertThat(covered.records()).isEqualTo(4);
        assertThat(next.headSeq()).isEqualTo(4);
    }

    private static VerifyResult verify(Path log) {
        try {
            return AuditVerifier.builder().publicKey(KEYS.getPublic()).build().verify(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 64 threads through one fsync'd file sink: every record is covered, every receipt checks against the log. */
    @Test
    @Timeout(120)
    void concurrentWritersShareSignaturesAndEveryRecordIsCovered() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        int threads = 64;
        int perThread = 20;
        List<AuditReceipt> receipts = new ArrayList<>();
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).fsync(true).signer(SIGNER).open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<AuditReceipt>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<AuditReceipt> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(sink.append(decision("t" + thread + "-" + i, "allow")));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                for (Future<List<AuditReceipt>> f : futures) {
                    receipts.addAll(f.get(100, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }

        Map<Long, ChainRecord> bySeq = new HashMap<>();
        VerifyResult r = AuditVerifier.builder().publicKey(KEYS.getPublic()).onRecord(c -> bySeq.put(c.seq(), c))
                .build().verify(log);
        assertThat(r.intact()).as(r.summary()).isTrue();
        assertThat(r.records()).isEqualTo(threads * perThread);
        assertThat(r.unsignedTail()).isZero();
        Set<Long> heads = new HashSet<>();
        for (AuditReceipt receipt : receipts) {
            assertThat(bySeq.get(receipt.seq()).matches(receipt)).isTrue();
            assertThat(bySeq.get(receipt.headSeq()).carriesSignatureOf(receipt)).isTrue();
            assertThat(receipt.signedBy(KEYS.getPublic())).isTrue();
            heads.add(receipt.headSeq());
        }
        assertThat(r.signaturesChecked()).as("one signature per group commit").isEqualTo(heads.size());
        assertThat(heads.size()).as("64 waiting writers were grouped").isLessThan(threads * perThread);
    }

    @Test
    void aReceiptKeepsItsSignedHeadThroughJson() {
        AuditReceipt r = twoBatches().get(1).receipt();
        AuditReceipt ownSigned = twoBatches().get(3).receipt();

        assertThat(r.toMap()).containsEntry("head_seq", 4L).containsEntry("head_hash", r.headHash());
        assertThat(AuditReceipt.fromMap(r.toMap())).isEqualTo(r);
        assertThat(ownSigned.toMap()).doesNotContainKeys("head_seq", "head_hash");
        assertThat(AuditReceipt.fromMap(ownSigned.toMap())).isEqualTo(ownSigned);
    }

    @Test
    void aReceiptWhoseHeadIsBeforeItOrMissingIsRejected() {
        String hash = "ab".repeat(32);
        Map<String, Object> before = Map.of("seq", 5, "hash", hash, "sig", "c2ln", "key_id", "cd".repeat(32),
                "head_seq", 4, "head_hash", "ef".repeat(32));
        Map<String, Object> half = Map.of("seq", 5, "hash", hash, "sig", "c2ln", "key_id", "cd".repeat(32),
                "head_seq", 6);

        assertThatThrownBy(() -> AuditReceipt.fromMap(before)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be this record or a later one");
        assertThatThrownBy(() -> AuditReceipt.fromMap(half)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("head_hash");
        assertThatThrownBy(() -> new AuditReceipt(5, hash, null, null, 6, hash))
                .hasMessageContaining("unsigned receipt has no signed head");
    }
}
