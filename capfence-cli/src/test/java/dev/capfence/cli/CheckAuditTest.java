package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.LS_EVENT;
import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --audit}: one decision record per event, and each verdict carries its receipt. */
class CheckAuditTest {

    @TempDir
    Path dir;

    Path policy;
    Path events;
    Path audit;

    @BeforeEach
    void files() {
        policy = write(dir, "shell.yaml", SEED_POLICY);
        events = write(dir, "events.jsonl", LS_EVENT + "\n{not json\n" + RM_RF_EVENT + "\n");
        audit = dir.resolve("logs/audit.jsonl");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> receipt(Map<String, Object> verdict) {
        return (Map<String, Object>) verdict.get("receipt");
    }

    @Test
    void everyEventInvalidOnesIncludedGetsARecordAndItsVerdictTheReceipt() throws Exception {
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> records = Files.readAllLines(audit);
        assertThat(records).hasSize(3);
        List<Map<String, Object>> verdicts = run.lines().stream().map(Fixtures::json).toList();
        assertThat(verdicts).extracting(v -> v.get("reason_code"))
                .containsExactly("policy_allow", "invalid_event", "policy_deny");
        for (int i = 0; i < 3; i++) {
            Map<String, Object> record = json(records.get(i));
            assertThat(receipt(verdicts.get(i))).isEqualTo(Map.of("seq", i + 1, "hash", record.get("hash")));
            assertThat(record).containsEntry("decision", verdicts.get(i).get("decision"))
                    .containsEntry("reason_code", verdicts.get(i).get("reason_code"));
        }
        assertThat(AuditVerifier.create().verify(audit).intact()).isTrue();
    }

    @Test
    void aSecondRunContinuesTheChain() {
        Cli.run("check", "--policy", policy.toString(), "--events", events.toString(), "--audit", audit.toString());

        Cli.Run second = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString(), "--fsync");

        assertThat(second.lines()).extracting(l -> receipt(json(l)).get("seq")).containsExactly(4, 5, 6);
    }

    @Test
    void signedRecordsVerifyWithThePublicKey() throws Exception {
        Cli.run("keygen", "--out", dir.resolve("keys").toString());
        Path key = dir.resolve("keys/capfence-signing.pem");

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString(), "--sign-key", key.toString());

        assertThat(run.exit()).isZero();
        Map<String, Object> r = receipt(json(run.lines().get(0)));
        String keyId = AuditKeys.keyId(AuditKeys.readPublicKey(dir.resolve("keys/capfence-signing.pub.pem")));
        assertThat(r).containsEntry("key_id", keyId).containsKey("sig");
        VerifyResult verified = AuditVerifier.builder()
                .publicKey(AuditKeys.readPublicKey(dir.resolve("keys/capfence-signing.pub.pem"))).build().verify(audit);
        assertThat(verified.intact()).isTrue();
        assertThat(verified.signaturesChecked()).isEqualTo(3);
    }

    @Test
    void textFormatShowsTheReceipt() {
        Path event = write(dir, "event.json", RM_RF_EVENT);

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--event", event.toString(),
                "--audit", audit.toString(), "--format", "text");

        assertThat(run.out()).contains("Decision: deny").containsPattern("Receipt: seq 1, hash [0-9a-f]{64}");
    }

    @Test
    void withoutAuditTheVerdictHasNoReceiptAndNothingIsWritten() {
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString());

        assertThat(run.lines()).allSatisfy(l -> assertThat(json(l)).doesNotContainKey("receipt"));
        assertThat(audit.getParent()).doesNotExist();
    }

    @Test
    void signKeyOrFsyncWithoutAuditIsAUsageError() {
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(), "--fsync");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("need --audit");
    }

    @Test
    void aBrokenLogIsNotExtendedAndNothingIsPrinted() throws Exception {
        Cli.run("check", "--policy", policy.toString(), "--events", events.toString(), "--audit", audit.toString());
        List<String> records = Files.readAllLines(audit);
        Files.write(audit, List.of(records.get(0), records.get(2)));

        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot resume").contains("broken at seq 2");
        assertThat(Files.readAllLines(audit)).hasSize(2);
    }

    @Test
    void anUnreadableEventsFileWritesNoRecord() {
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", dir.resolve("none.jsonl").toString(),
                "--audit", audit.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(audit).doesNotExist();
    }

    @Test
    void aMissingSigningKeyFailsBeforeAnythingIsWritten() {
        Cli.Run run = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(),
                "--audit", audit.toString(), "--sign-key", dir.resolve("nope.pem").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot use signing key").contains("no such file");
        assertThat(audit).doesNotExist();
    }
}
