package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {

    @TempDir
    Path dir;

    @Test
    void pemFilesRoundTrip() throws Exception {
        KeyPair pair = AuditKeys.generate();
        Path privateFile = dir.resolve("k.pem");
        Path publicFile = dir.resolve("k.pub.pem");

        AuditKeys.writePrivateKey(privateFile, pair.getPrivate());
        AuditKeys.writePublicKey(publicFile, pair.getPublic());

        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(AuditKeys.readPrivateKey(privateFile).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(AuditKeys.readPublicKey(publicFile).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void keysAreNeverOverwritten() throws Exception {
        Path file = dir.resolve("k.pem");
        Files.writeString(file, "precious");

        assertThatThrownBy(() -> AuditKeys.writePrivateKey(file, AuditKeys.generate().getPrivate()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void theKeyIdIsTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
        KeyPair pair = AuditKeys.generate();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));

        assertThat(AuditKeys.keyId(pair.getPublic())).isEqualTo(expected).hasSize(64);
        assertThat(pair.getPublic().getEncoded()).as("Ed25519 SPKI: 12-byte header + 32-byte key").hasSize(44);
    }

    @Test
    void aSignerFromThePrivateKeyAloneDerivesTheMatchingPublicKey() {
        KeyPair pair = AuditKeys.generate();

        AuditSigner signer = AuditSigner.of(pair.getPrivate());

        assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(signer.keyId()).isEqualTo(AuditKeys.keyId(pair.getPublic()));
    }

    @Test
    void signaturesVerifyWithTheirKeyOnlyAndOverTheirHashOnly() {
        AuditSigner signer = AuditSigner.of(AuditKeys.generate());
        String hash = "ab".repeat(32);

        String sig = signer.sign(hash);

        assertThat(AuditKeys.verify(signer.publicKey(), hash, sig)).isTrue();
        assertThat(AuditKeys.verify(AuditKeys.generate().getPublic(), hash, sig)).isFalse();
        assertThat(AuditKeys.verify(signer.publicKey(), "cd".repeat(32), sig)).isFalse();
        assertThat(AuditKeys.verify(signer.publicKey(), hash, "not base64!")).isFalse();
    }

    /** Signing with BouncyCastle is invisible in the log: Ed25519 is deterministic, so the JDK signs the same bytes. */
    @Test
    void signaturesAreTheBytesTheJdkEd25519Makes() throws Exception {
        KeyPair pair = AuditKeys.generate();
        AuditSigner signer = AuditSigner.of(pair);
        for (String hash : List.of("ab".repeat(32), Canonical.sha256Hex("x"), "0".repeat(64))) {
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(hash.getBytes(StandardCharsets.US_ASCII));

            assertThat(signer.sign(hash)).isEqualTo(Base64.getEncoder().encodeToString(jdk.sign()));
        }
    }

    @Test
    void mismatchedHalvesAreRefused() {
        KeyPair one = AuditKeys.generate();
        KeyPair two = AuditKeys.generate();

        assertThatThrownBy(() -> AuditSigner.of(new KeyPair(two.getPublic(), one.getPrivate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void aFileThatIsNotAKeySaysSo() throws Exception {
        Path notPem = dir.resolve("x.pem");
        Files.writeString(notPem, "hello", StandardCharsets.US_ASCII);
        Path publicAsPrivate = dir.resolve("pub.pem");
        AuditKeys.writePublicKey(publicAsPrivate, AuditKeys.generate().getPublic());

        assertThatThrownBy(() -> AuditKeys.readPrivateKey(notPem)).hasMessageContaining("no '-----BEGIN PRIVATE KEY-----'");
        assertThatThrownBy(() -> AuditKeys.readPrivateKey(publicAsPrivate)).hasMessageContaining("BEGIN PRIVATE KEY");
    }
}
