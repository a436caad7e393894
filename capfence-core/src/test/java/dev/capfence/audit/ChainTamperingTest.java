package dev.capfence.audit;

import static dev.capfence.audit.AuditFixtures.appendDecisions;
import static dev.capfence.audit.AuditFixtures.body;
import static dev.capfence.audit.AuditFixtures.forge;
import static dev.capfence.audit.AuditFixtures.hashOf;
import static dev.capfence.audit.AuditFixtures.lines;
import static dev.capfence.audit.AuditFixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering is caught, at the seq where it happened. */
class ChainTamperingTest {

    private static final KeyPair KEYS = AuditKeys.generate();

    @TempDir
    Path dir;

    Path log;
    List<String> original;

    @BeforeEach
    void writeEightSignedRecords() {
        log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).signer(AuditSigner.of(KEYS)).open()) {
            appendDecisions(sink, 8);
        }
        original = lines(log);
        assertThat(verify(log).summary()).isEqualTo("OK 8 records, head " + hashOf(original.get(7)));
    }

    private static VerifyResult verify(Path file) {
        try {
            return AuditVerifier.builder().publicKey(KEYS.getPublic()).build().verify(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private VerifyResult tamper(List<String> lines) {
        writeLines(log, lines);
        return verify(log);
    }

    @Test
    void anEditedFieldIsCaughtAtItsSeqEvenWithTheStoredHashKept() {
        List<String> lines = lines(log);
        assertThat(lines.get(2)).contains("\"decision\":\"allow\"");
        lines.set(2, lines.get(2).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));

        VerifyResult r = tamper(lines);

        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(3);
        assertThat(r.problem()).contains("line 3").contains("hash does not match");
        assertThat(r.headSeq()).as("what verified before the break").isEqualTo(2);
    }

    @Test
    void anEditDeepInsideTheEventIsCaught() {
        List<String> lines = lines(log);
        lines.set(4, lines.get(4).replace("\"amount\":10", "\"amount\":10000"));

        assertThat(tamper(lines).brokenSeq()).isEqualTo(5);
    }

    @Test
    void anEditThatRecomputesTheHashBreaksTheNextLinkAndTheSignature() {
        List<String> lines = lines(log);
        Map<String, Object> body = body(lines.get(2));
        body.put("decision", "deny");
        lines.set(2, forge(body)); // a consistent record, but unsigned and with a new hash

        VerifyResult signed = tamper(lines);
        VerifyResult unsigned = AuditVerifier.create().verifyLines(lines);

        assertThat(signed.brokenSeq()).isEqualTo(3);
        assertThat(signed.problem()).contains("prev_hash").contains("from seq 3 on are not signed");
        assertThat(unsigned.brokenSeq()).as("without keys, the next record's prev_hash still names the old hash").isEqualTo(4);
        assertThat(unsigned.problem()).contains("prev_hash");
    }

    @Test
    void aDeletedRecordIsCaughtAtItsSeq() {
        List<String> lines = lines(log);
        lines.remove(3);

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(4);
        assertThat(r.problem()).contains("seq 4 is missing");
    }

    @Test
    void anInsertedRecordWithARecomputedHashButAWrongPrevHashIsCaught() {
        List<String> lines = lines(log);
        Map<String, Object> forged = body(lines.get(4));
        forged.put("decision", "allow");
        forged.put("prev_hash", hashOf(lines.get(2))); // links to seq 3, not to seq 4
        lines.add(4, forge(forged));

        VerifyResult r = AuditVerifier.create().verifyLines(lines);

        assertThat(r.brokenSeq()).isEqualTo(5);
        assertThat(r.problem()).contains("prev_hash is not the hash of seq 4");
    }

    @Test
    void anInsertedRecordThatLinksCorrectlyIsCaughtByTheSeqAfterIt() {
        List<String> lines = lines(log);
        Map<String, Object> forged = body(lines.get(4));
        forged.put("reason", "forged");
        forged.put("prev_hash", hashOf(lines.get(3)));
        lines.add(4, forge(forged)); // a well-formed seq 5 — then the real seq 5 follows

        VerifyResult unsigned = AuditVerifier.create().verifyLines(lines);
        VerifyResult signed = tamper(lines);

        assertThat(unsigned.brokenSeq()).isEqualTo(6);
        assertThat(unsigned.problem()).contains("found seq 5 where seq 6 belongs");
        assertThat(signed.brokenSeq()).as("signed: the forgery itself is caught").isEqualTo(5);
    }

    @Test
    void twoSwappedRecordsAreCaughtAtTheFirst() {
        List<String> lines = lines(log);
        Collections.swap(lines, 5, 6);

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(6);
        assertThat(r.problem()).contains("reordered");
    }

    @Test
    void aCutInTheMiddleIsCaughtAtTheFirstMissingSeq() {
        List<String> lines = lines(log);
        lines.subList(2, 5).clear(); // seq 3, 4, 5

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(3);
        assertThat(r.problem()).contains("seq 3 to 5 are missing");
    }

    @Test
    void removingTheGenesisIsCaught() {
        List<String> lines = lines(log);
        lines.remove(0);

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(1);
        assertThat(r.problem()).contains("neither the genesis");
    }

    @Test
    void aCleanCutAtTheEndNeedsTheExpectedHeadToBeCaught() throws IOException {
        String head = hashOf(original.get(7));
        List<String> lines = lines(log);
        lines.subList(6, 8).clear();
        writeLines(log, lines);

        VerifyResult alone = verify(log);
        VerifyResult withHead = AuditVerifier.builder().expectHead(head).build().verify(log);

        assertThat(alone.intact()).as("a shorter log looks complete: the documented limit").isTrue();
        assertThat(alone.records()).isEqualTo(6);
        assertThat(withHead.intact()).isFalse();
        assertThat(withHead.brokenSeq()).isEqualTo(7);
        assertThat(withHead.problem()).contains("expected head").contains("ends at seq 6");
    }

    @Test
    void anExpectedHeadEarlierInTheChainIsFine() throws IOException {
        VerifyResult r = AuditVerifier.builder().expectHead(hashOf(original.get(3))).build().verify(log);

        assertThat(r.intact()).as("the log grew since the head was noted").isTrue();
    }

    @Test
    void aTornLastLineIsReported() throws IOException {
        Files.writeString(log, "{\"approval_id\":null,\"dec", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        VerifyResult r = verify(log);

        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(9);
        assertThat(r.problem()).contains("last line is incomplete");
        assertThat(r.headSeq()).isEqualTo(8);
    }

    @Test
    void aDroppedLastSignatureIsAnUnsignedTailThatAKeyRejects() {
        List<String> lines = lines(log);
        String line = lines.get(7);
        lines.set(7, line.substring(0, line.indexOf(",\"sig\":")) + "}");

        VerifyResult signed = tamper(lines);
        VerifyResult unsigned = AuditVerifier.create().verifyLines(lines);

        assertThat(signed.brokenSeq()).isEqualTo(8);
        assertThat(signed.problem()).contains("seq 8 is not covered by a signature");
        assertThat(unsigned.intact()).as("without a key, signatures are not required").isTrue();
        assertThat(unsigned.signaturesUnchecked()).isEqualTo(7);
        assertThat(unsigned.unsignedTail()).isEqualTo(1);
    }

    /** A signature covers its record's hash, and so every record before it: one batch, one signature. */
    @Test
    void aSignatureDroppedInsideTheChainLeavesItsUnchangedRecordCoveredByTheNext() {
        List<String> lines = lines(log);
        String line = lines.get(3);
        lines.set(3, line.substring(0, line.indexOf(",\"sig\":")) + "}");

        VerifyResult r = tamper(lines);

        assertThat(r.intact()).as(r.summary()).isTrue();
        assertThat(r.signaturesChecked()).isEqualTo(7);
        assertThat(r.unsignedTail()).isZero();
    }

    @Test
    void anAlteredSignatureIsCaught() {
        List<String> lines = lines(log);
        String sig = (String) AuditFixtures.parse(lines.get(5)).get("sig");
        String altered = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        lines.set(5, lines.get(5).replace(sig, altered));

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(6);
        assertThat(r.problem()).contains("signature does not verify");
    }

    @Test
    void aSignatureMovedFromAnotherRecordIsCaught() {
        List<String> lines = lines(log);
        String sig5 = (String) AuditFixtures.parse(lines.get(4)).get("sig");
        String sig6 = (String) AuditFixtures.parse(lines.get(5)).get("sig");
        lines.set(5, lines.get(5).replace(sig6, sig5));

        assertThat(tamper(lines).brokenSeq()).isEqualTo(6);
    }

    @Test
    void theWrongPublicKeyFailsAtTheFirstRecord() throws IOException {
        VerifyResult r = AuditVerifier.builder().publicKey(AuditKeys.generate().getPublic()).build().verify(log);

        assertThat(r.brokenSeq()).isEqualTo(1);
        assertThat(r.problem()).contains("not with the key(s) given");
    }

    @Test
    void aRecordReformattedButOtherwiseEqualIsCaught() {
        List<String> lines = lines(log);
        lines.set(1, lines.get(1).replace("\"decision\":\"deny\"", "\"decision\": \"deny\""));

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(2);
        assertThat(r.problem()).contains("canonical");
    }

    @Test
    void aDuplicatedKeyCannotMakeTwoReadersDisagree() {
        List<String> lines = lines(log);
        // Readers that keep the last duplicate would see "allow"; the chain must not accept the line at all.
        lines.set(1, lines.get(1).replace("\"decision\":\"deny\"", "\"decision\":\"deny\",\"decision\":\"allow\""));

        VerifyResult r = tamper(lines);

        assertThat(r.brokenSeq()).isEqualTo(2);
    }

    @Test
    void anAppendedFakeHashMemberIsCaught() {
        List<String> lines = lines(log);
        String line = lines.get(2);
        // A second "hash" member inside the hashed part would let readers pick a different one.
        Map<String, Object> body = body(line);
        body.put("hash", hashOf(line));
        lines.set(2, forge(body));

        VerifyResult r = AuditVerifier.create().verifyLines(lines);

        assertThat(r.brokenSeq()).isEqualTo(3);
    }

    @Test
    void anEmptyLogIsIntactWithTheGenesisHead() throws IOException {
        writeLines(log, List.of());

        VerifyResult r = AuditVerifier.create().verify(log);

        assertThat(r.summary()).isEqualTo("OK 0 records, head " + "0".repeat(64));
    }
}
