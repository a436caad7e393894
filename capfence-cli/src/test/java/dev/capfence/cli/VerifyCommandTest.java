package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.LS_EVENT;
import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditLine;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.Redaction;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class VerifyCommandTest {

    @TempDir
    Path dir;

    Path audit;
    Path verdicts;
    Path keys;

    /** Four signed decisions, their verdicts saved as check printed them. */
    @BeforeEach
    void signedLog() throws Exception {
        Path policy = write(dir, "shell.yaml", SEED_POLICY);
        Path events = write(dir, "events.jsonl", String.join("\n", LS_EVENT, RM_RF_EVENT, LS_EVENT, RM_RF_EVENT) + "\n");
        keys = dir.resolve("keys");
        assertThat(Cli.run("keygen", "--out", keys.toString()).exit()).isZero();
        audit = dir.resolve("audit.jsonl");
        Cli.Run check = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString(), "--sign-key", keys.resolve("capfence-signing.pem").toString());
        verdicts = write(dir, "verdicts.jsonl", check.out());
    }

    private String head() throws Exception {
        List<String> lines = Files.readAllLines(audit);
        return (String) json(lines.get(lines.size() - 1)).get("hash");
    }

    private String publicKey() {
        return keys.resolve("capfence-signing.pub.pem").toString();
    }

    @Test
    void anIntactLogIsOk() throws Exception {
        Cli.Run run = Cli.run("verify", audit.toString(), "--public-key", publicKey());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("OK 4 records, head " + head() + "\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void withoutAKeySignaturesAreNotCheckedAndTheOutputSaysSo() {
        Cli.Run run = Cli.run("verify", audit.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).element(1).isEqualTo("note: 4 signatures not checked (no --public-key)");
    }

    @Test
    void anEditedRecordIsBrokenAtItsSeq() throws Exception {
        List<String> lines = Files.readAllLines(audit);
        lines.set(1, lines.get(1).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        Files.write(audit, lines);

        Cli.Run run = Cli.run("verify", audit.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines().get(0)).startsWith("BROKEN at seq 2: ").contains("hash does not match");
    }

    @Test
    void aDeletedRecordIsBrokenAtItsSeq() throws Exception {
        List<String> lines = Files.readAllLines(audit);
        lines.remove(2);
        Files.write(audit, lines);

        Cli.Run run = Cli.run("verify", audit.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines().get(0)).startsWith("BROKEN at seq 3: ");
    }

    @Test
    void theWrongKeyOrAMissingSignatureIsBroken() throws Exception {
        Path other = dir.resolve("other");
        Cli.run("keygen", "--out", other.toString());

        Cli.Run wrong = Cli.run("verify", audit.toString(), "--public-key", other.resolve("capfence-signing.pub.pem").toString());
        List<String> lines = Files.readAllLines(audit);
        String last = lines.get(3);
        lines.set(3, last.substring(0, last.indexOf(",\"sig\":")) + "}");
        Files.write(audit, lines);
        Cli.Run unsigned = Cli.run("verify", audit.toString(), "--public-key", publicKey());
        Cli.Run noKey = Cli.run("verify", audit.toString());

        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.lines().get(0)).startsWith("BROKEN at seq 1: ").contains("not with the key(s) given");
        assertThat(unsigned.exit()).isEqualTo(1);
        assertThat(unsigned.lines().get(0)).startsWith("BROKEN at seq 4: ").contains("not covered by a signature");
        assertThat(noKey.exit()).isZero();
        assertThat(noKey.lines()).contains("note: 1 record at the end not covered by a signature (an unsigned tail;"
                + " --public-key rejects it)");
    }

    /** Seq 1–3 committed as one group: one signature, on seq 3; the receipts of 1 and 2 name it. */
    private List<AuditLine> batchLog(Path log) throws Exception {
        AuditSigner signer = AuditSigner.of(AuditKeys.readPrivateKey(keys.resolve("capfence-signing.pem")));
        List<AuditLine.Sealed> sealed = new ArrayList<>();
        String prev = AuditLine.GENESIS;
        for (int seq = 1; seq <= 3; seq++) {
            ActionEvent e = ActionEvent.builder().id("e" + seq).actor("a").capability("x.y").build();
            AuditLine.Sealed s = AuditLine.seal(new AuditRecord.Decision(e.id(), e, "allow", "policy_allow", "ok", null,
                    null, "enforce", null, null, null), seq, prev, Instant.now(), Redaction.defaults(), signer);
            prev = s.hash();
            sealed.add(s);
        }
        List<AuditLine> lines = AuditLine.signLast(sealed);
        Files.write(log, lines.stream().map(AuditLine::line).toList());
        return lines;
    }

    @Test
    void aReceiptSignedWithItsBatchIsCheckedAgainstTheSignedRecord() throws Exception {
        Path log = dir.resolve("batch.jsonl");
        AuditReceipt second = batchLog(log).get(1).receipt();
        Path good = write(dir, "good.json", JsonMapper.builder().build().writeValueAsString(second.toMap()));
        Map<String, Object> altered = new LinkedHashMap<>(second.toMap());
        altered.put("head_hash", "ab".repeat(32));
        Path bad = write(dir, "bad.json", JsonMapper.builder().build().writeValueAsString(altered));

        Cli.Run ok = Cli.run("verify", log.toString(), "--public-key", publicKey(), "--receipt", good.toString());
        Cli.Run notOk = Cli.run("verify", log.toString(), "--public-key", publicKey(), "--receipt", bad.toString());

        assertThat(second.headSeq()).isEqualTo(3);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.lines()).containsExactly("OK 3 records, head " + second.headHash(),
                "OK receipt seq 2 is in the chain");
        assertThat(notOk.exit()).isEqualTo(1);
        assertThat(notOk.lines()).contains("NOT IN CHAIN receipt seq 2: the record carrying its signature (seq 3) is"
                + " not the one the receipt names (hash " + second.headHash() + ")");
    }

    @Test
    void receiptsFromCheckAreFoundInTheChain() {
        Cli.Run run = Cli.run("verify", audit.toString(), "--public-key", publicKey(), "--receipt", verdicts.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).containsSubsequence("OK receipt seq 1 is in the chain", "OK receipt seq 4 is in the chain");
    }

    @Test
    void aSingleVerdictOrABareSeqAndHashIsAReceipt() throws Exception {
        String second = Files.readAllLines(verdicts).get(1);
        Path verdict = write(dir, "verdict.json", second);
        @SuppressWarnings("unchecked")
        Map<String, Object> receipt = (Map<String, Object>) json(second).get("receipt");
        Path bare = write(dir, "bare.json", "{\"seq\": 2, \"hash\": \"" + receipt.get("hash") + "\"}");

        Cli.Run run = Cli.run("verify", audit.toString(), "--receipt", verdict.toString(), "--receipt", bare.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).contains("OK receipt seq 2 is in the chain");
    }

    @Test
    void aReceiptFromAnotherLogIsNotInTheChain() {
        Path forged = write(dir, "forged.json", "{\"seq\": 2, \"hash\": \"" + "ab".repeat(32) + "\"}");

        Cli.Run run = Cli.run("verify", audit.toString(), "--receipt", forged.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("NOT IN CHAIN receipt seq 2: ")
                .contains("the receipt says " + "ab".repeat(32)));
    }

    @Test
    void aCleanCutAtTheEndIsCaughtByAReceiptOrTheExpectedHead() throws Exception {
        String head = head();
        List<String> lines = Files.readAllLines(audit);
        Files.write(audit, lines.subList(0, 3));

        Cli.Run plain = Cli.run("verify", audit.toString());
        Cli.Run withReceipts = Cli.run("verify", audit.toString(), "--receipt", verdicts.toString());
        Cli.Run withHead = Cli.run("verify", audit.toString(), "--expect-head", head);

        assertThat(plain.exit()).as("a shorter log looks whole").isZero();
        assertThat(withReceipts.exit()).isEqualTo(1);
        assertThat(withReceipts.lines()).contains("NOT IN CHAIN receipt seq 4: the chain ends at seq 3: records were cut"
                + " off, or this is another log");
        assertThat(withHead.exit()).isEqualTo(1);
        assertThat(withHead.lines().get(0)).startsWith("BROKEN at seq 4: the expected head " + head);
    }

    @Test
    void rotatedLogsAreFollowedAndTheCurrentFileVerifiesAlone() throws Exception {
        Path rotated = dir.resolve("rotated/audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.builder(rotated).rotateAtBytes(1_500).open()) {
            for (int i = 0; i < 12; i++) {
                ActionEvent e = ActionEvent.builder().id("e" + i).actor("a").capability("x.y").build();
                sink.append(new AuditRecord.Decision(e.id(), e, "allow", "policy_allow", "ok", null, null, "enforce",
                        null, null, null));
            }
        }
        Files.delete(rotated.resolveSibling("audit.jsonl.1")); // evicted

        Cli.Run all = Cli.run("verify", rotated.toString());
        Cli.Run single = Cli.run("verify", rotated.toString(), "--single");

        assertThat(all.exit()).isZero();
        assertThat(all.lines().get(1)).startsWith("note: read from the checkpoint at seq ").endsWith(
                "in audit.jsonl.2; the records before it are in files not present");
        assertThat(single.exit()).isZero();
        assertThat(single.lines().get(1)).contains("in audit.jsonl;");
    }

    @Test
    void usageProblemsExit2() {
        Path notAReceipt = write(dir, "plain.json", "{\"id\": \"x\", \"decision\": \"deny\"}");

        for (Cli.Run run : List.of(
                Cli.run("verify"),
                Cli.run("verify", dir.resolve("none.jsonl").toString()),
                Cli.run("verify", audit.toString(), "--expect-head", "abc"),
                Cli.run("verify", audit.toString(), "--public-key", dir.resolve("none.pem").toString()),
                Cli.run("verify", audit.toString(), "--receipt", notAReceipt.toString()))) {
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isNotBlank();
        }
    }

    @Test
    void helpExplainsWhatVerifyCannotSeeAlone() {
        Cli.Run run = Cli.run("verify", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--expect-head").contains("shorter log");
    }
}
