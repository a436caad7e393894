package dev.capfence.audit;

import static dev.capfence.audit.AuditFixtures.appendDecisions;
import static dev.capfence.audit.AuditFixtures.decision;
import static dev.capfence.audit.AuditFixtures.hashOf;
import static dev.capfence.audit.AuditFixtures.lines;
import static dev.capfence.audit.AuditFixtures.parse;
import static dev.capfence.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlAuditSinkTest {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("audit.jsonl");
    }

    /**
     * A log rotated at 2,000 bytes (a few records a file) holding at least {@code records} decisions, with at least
     * two records after the current file's checkpoint (where rotations fall depends on record sizes).
     */
    private void rotatedLog(int records) {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).rotateAtBytes(2_000).open()) {
            appendDecisions(sink, records);
            while (lines(log()).size() < 3) {
                sink.append(decision("more", "allow"));
            }
        }
    }

    @Test
    void recordsAreOneLineEachFromSeqOneOnTheGenesis() {
        List<AuditReceipt> receipts;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            receipts = appendDecisions(sink, 3);
        }

        List<String> lines = lines(log());
        assertThat(lines).hasSize(3);
        assertThat(parse(lines.get(0))).containsEntry("seq", 1).containsEntry("v", 1)
                .containsEntry("type", "decision").containsEntry("prev_hash", "0".repeat(64));
        assertThat(parse(lines.get(1))).containsEntry("prev_hash", hashOf(lines.get(0)));
        for (int i = 0; i < 3; i++) {
            assertThat(receipts.get(i).seq()).isEqualTo(i + 1);
            assertThat(receipts.get(i).hash()).isEqualTo(hashOf(lines.get(i)));
            assertThat(receipts.get(i).sig()).isNull();
        }
    }

    @Test
    void reopeningContinuesTheChain() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            appendDecisions(sink, 3);
        }
        AuditReceipt fourth;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).fsync(true).open()) {
            fourth = sink.append(decision("e4", "deny"));
        }

        assertThat(fourth.seq()).isEqualTo(4);
        assertThat(AuditVerifier.create().verify(log()).summary()).isEqualTo("OK 4 records, head " + fourth.hash());
    }

    @Test
    void aTornLastLineIsReportedTruncatedAndTheChainContinues() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            appendDecisions(sink, 3);
        }
        long complete = Files.size(log());
        Files.writeString(log(), "{\"approval_id\":null,\"decision\":\"al", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<AuditRepair> repairs = new ArrayList<>();

        AuditReceipt next;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).onRepair(repairs::add).open()) {
            assertThat(Files.size(log())).isEqualTo(complete);
            next = sink.append(decision("e4", "allow"));
        }

        assertThat(repairs).containsExactly(new AuditRepair(log(), complete, 34, 3));
        assertThat(next.seq()).isEqualTo(4);
        assertThat(AuditVerifier.create().verify(log()).intact()).isTrue();
    }

    @Test
    void aLogBrokenInTheMiddleIsNotResumed() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            appendDecisions(sink, 4);
        }
        List<String> lines = lines(log());
        lines.set(1, lines.get(1).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        writeLines(log(), lines);
        byte[] before = Files.readAllBytes(log());

        assertThatThrownBy(() -> JsonlAuditSink.builder(log()).open())
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("cannot resume")
                .hasMessageContaining("broken at seq 2");
        assertThat(Files.readAllBytes(log())).as("nothing appended or truncated").isEqualTo(before);
        // and the lock was released: a repaired log can be opened
        writeLines(log(), lines.subList(0, 1));
        JsonlAuditSink.builder(log()).open().close();
    }

    @Test
    void aCompleteButGarbledLastLineIsNotMistakenForATornOne() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            appendDecisions(sink, 2);
        }
        Files.writeString(log(), "\0\0\0\0\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> JsonlAuditSink.builder(log()).open()).hasMessageContaining("broken at seq 3");
    }

    @Test
    void aSecondWriterOnTheSameLogIsRefused() {
        try (JsonlAuditSink first = JsonlAuditSink.builder(log()).open()) {
            first.append(decision("e1", "allow"));

            assertThatThrownBy(() -> JsonlAuditSink.builder(dir.resolve("./audit.jsonl")).open())
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("already open by another writer")
                    .hasMessageContaining("fork the chain");

            first.append(decision("e2", "allow"));
        }
        try (JsonlAuditSink second = JsonlAuditSink.builder(log()).open()) {
            assertThat(second.append(decision("e3", "allow")).seq()).as("once closed, the log can be reopened").isEqualTo(3);
        }
    }

    @Test
    void aClosedSinkRefusesRecords() {
        JsonlAuditSink sink = JsonlAuditSink.builder(log()).open();
        sink.close();

        assertThatThrownBy(() -> sink.append(decision("e1", "allow")))
                .isInstanceOf(AuditException.class).hasMessageContaining("closed");
    }

    @Test
    void aRecordThatCannotBeSerializedFailsAloneAndTheChainGoesOn() {
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public String getValue() {
                throw new IllegalStateException("no JSON for this");
            }
        };
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            sink.append(decision("e1", "allow"));
            AuditRecord.Decision bad = new AuditRecord.Decision("e2",
                    AuditFixtures.event("e2", Map.of("x", unserializable)), "allow", "policy_allow", "r", null, null,
                    "enforce", null, null, null);

            assertThatThrownBy(() -> sink.append(bad)).isInstanceOf(AuditException.class)
                    .hasMessageContaining("cannot build the audit record");
            assertThat(sink.append(decision("e3", "allow")).seq()).isEqualTo(2);
        }
        assertThat(AuditVerifier.create().verifyLines(lines(log())).intact()).isTrue();
    }

    @Test
    void rotationStartsEachFileWithACheckpointAndVerifiesAcrossFiles() throws IOException {
        List<AuditReceipt> receipts;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).rotateAtBytes(2_000).open()) {
            receipts = appendDecisions(sink, 20);
        }

        List<Path> files = LogFiles.chain(log());
        assertThat(files.size()).isGreaterThan(3);
        assertThat(files.get(0).getFileName().toString()).isEqualTo("audit.jsonl.1");
        assertThat(files.get(files.size() - 1)).isEqualTo(log());
        assertThat(parse(lines(files.get(0)).get(0))).as("the genesis stays in the first file")
                .containsEntry("seq", 1).containsEntry("prev_hash", "0".repeat(64));
        for (int i = 1; i < files.size(); i++) {
            List<String> previous = lines(files.get(i - 1));
            String last = previous.get(previous.size() - 1);
            Map<String, Object> checkpoint = parse(lines(files.get(i)).get(0));
            assertThat(checkpoint).containsEntry("type", "checkpoint")
                    .containsEntry("prev_hash", hashOf(last))
                    .containsEntry("prev_seq", parse(last).get("seq"))
                    .containsEntry("prev_file", files.get(i - 1).getFileName().toString());
        }

        VerifyResult all = AuditVerifier.create().verify(log());
        int checkpoints = files.size() - 1;
        assertThat(all.intact()).isTrue();
        assertThat(all.records()).isEqualTo(20 + checkpoints);
        assertThat(all.firstSeq()).isEqualTo(1);
        assertThat(all.anchored()).isFalse();
        assertThat(all.files()).isEqualTo(files);
        assertThat(receipts).extracting(AuditReceipt::seq).doesNotHaveDuplicates();
    }

    @Test
    void theCurrentFileVerifiesAloneFromItsCheckpointAndEvictedFilesAreNotNeeded() throws IOException {
        rotatedLog(20);
        List<Path> rotated = LogFiles.rotated(log());
        long checkpointSeq = ((Number) parse(lines(log()).get(0)).get("seq")).longValue();

        VerifyResult alone = AuditVerifier.create().verifyFile(log());
        Files.delete(rotated.get(0));
        Files.delete(rotated.get(1));
        VerifyResult evicted = AuditVerifier.create().verify(log());

        assertThat(alone.intact()).isTrue();
        assertThat(alone.anchored()).isTrue();
        assertThat(alone.firstSeq()).isEqualTo(checkpointSeq);
        assertThat(evicted.intact()).isTrue();
        assertThat(evicted.anchored()).isTrue();
        assertThat(evicted.files()).hasSize(rotated.size() - 1);
    }

    @Test
    void aRemovedCheckpointIsCaught() throws IOException {
        rotatedLog(20);
        List<String> current = lines(log());
        long checkpointSeq = ((Number) parse(current.get(0)).get("seq")).longValue();
        writeLines(log(), current.subList(1, current.size()));

        VerifyResult alone = AuditVerifier.create().verifyFile(log());
        VerifyResult all = AuditVerifier.create().verify(log());

        assertThat(alone.brokenSeq()).isEqualTo(checkpointSeq);
        assertThat(all.brokenSeq()).isEqualTo(checkpointSeq);
    }

    @Test
    void aMissingMiddleFileOrACutAtTheEndOfARotatedFileIsCaughtByTheNextCheckpoint() throws IOException {
        rotatedLog(30);
        List<Path> rotated = LogFiles.rotated(log());
        List<String> second = lines(rotated.get(1));
        long lastOfSecond = ((Number) parse(second.get(second.size() - 1)).get("seq")).longValue();
        writeLines(rotated.get(1), second.subList(0, second.size() - 1));

        VerifyResult cut = AuditVerifier.create().verify(log());
        Files.delete(rotated.get(1));
        VerifyResult gone = AuditVerifier.create().verify(log());

        assertThat(cut.brokenSeq()).isEqualTo(lastOfSecond);
        assertThat(gone.intact()).isFalse();
        assertThat(gone.problem()).contains(rotated.get(2).getFileName().toString());
    }

    @Test
    void aRotationCutOffBeforeItsCheckpointIsCompletedOnOpen() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            appendDecisions(sink, 3);
        }
        Files.move(log(), dir.resolve("audit.jsonl.1")); // as if the process died right after the rename

        AuditReceipt next;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).open()) {
            next = sink.append(decision("e5", "allow"));
        }

        assertThat(parse(lines(log()).get(0))).containsEntry("type", "checkpoint").containsEntry("seq", 4);
        assertThat(next.seq()).isEqualTo(5);
        assertThat(AuditVerifier.create().verify(log()).summary()).isEqualTo("OK 5 records, head " + next.hash());
    }

    @Test
    void aNewChainNextToRotatedFilesIsRefused() throws IOException {
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).rotateAtBytes(1_000).open()) {
            appendDecisions(sink, 6);
        }
        Files.delete(log());
        try (JsonlAuditSink other = JsonlAuditSink.builder(dir.resolve("other.jsonl")).open()) {
            appendDecisions(other, 1);
        }
        Files.move(dir.resolve("other.jsonl"), log());

        assertThatThrownBy(() -> JsonlAuditSink.builder(log()).open()).hasMessageContaining("starts a new chain");
    }

    @Test
    void signedRecordsCarryTheKeyIdAndReceiptsTheSignature() throws IOException {
        AuditSigner signer = AuditSigner.of(AuditKeys.generate());
        AuditReceipt receipt;
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).signer(signer).rotateAtBytes(1_500).open()) {
            appendDecisions(sink, 10);
            receipt = sink.append(decision("e11", "allow"));
        }

        assertThat(receipt.keyId()).isEqualTo(signer.keyId());
        assertThat(AuditKeys.verify(signer.publicKey(), receipt.hash(), receipt.sig())).isTrue();
        VerifyResult r = AuditVerifier.builder().publicKey(signer.publicKey()).build().verify(log());
        assertThat(r.intact()).isTrue();
        assertThat(r.signaturesChecked()).as("checkpoints are signed too").isEqualTo(r.records());
    }
}
