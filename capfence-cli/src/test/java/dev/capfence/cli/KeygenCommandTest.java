package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditSigner;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAKeyPairAndPrintsTheKeyId() throws Exception {
        Path out = dir.resolve("new/keys");

        Cli.Run run = Cli.run("keygen", "--out", out.toString());

        assertThat(run.exit()).isZero();
        Path privateFile = out.resolve("capfence-signing.pem");
        Path publicFile = out.resolve("capfence-signing.pub.pem");
        String keyId = AuditKeys.keyId(AuditKeys.readPublicKey(publicFile));
        assertThat(run.lines().get(0)).isEqualTo("key_id " + keyId);
        AuditSigner signer = AuditSigner.of(AuditKeys.readPrivateKey(privateFile));
        assertThat(signer.keyId()).as("the two files are one pair").isEqualTo(keyId);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        Cli.run("keygen", "--out", dir.toString());
        byte[] before = Files.readAllBytes(dir.resolve("capfence-signing.pem"));

        Cli.Run again = Cli.run("keygen", "--out", dir.toString());

        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).contains("exists");
        assertThat(Files.readAllBytes(dir.resolve("capfence-signing.pem"))).isEqualTo(before);
    }

    @Test
    void outIsRequired() {
        Cli.Run run = Cli.run("keygen");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--out");
    }
}
