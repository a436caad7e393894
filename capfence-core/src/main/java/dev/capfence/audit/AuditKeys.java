package dev.capfence.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys for signing the chain, with the JDK alone: generation, the key id, and PEM files — PKCS#8
 * ({@code PRIVATE KEY}) and X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}), the forms {@code openssl genpkey
 * -algorithm ed25519} writes and reads.
 */
public final class AuditKeys {

    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private AuditKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * The key id records carry: lowercase hex SHA-256 of the public key's X.509 SubjectPublicKeyInfo bytes
     * ({@code openssl pkey -pubin -in KEY.pub.pem -outform DER | sha256sum}).
     */
    public static String keyId(PublicKey key) {
        return Canonical.sha256Hex(key.getEncoded());
    }

    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        byte[] der = Pem.decode(Files.readString(pem, StandardCharsets.US_ASCII), PRIVATE, pem);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublicKey(Path pem) throws IOException {
        byte[] der = Pem.decode(Files.readString(pem, StandardCharsets.US_ASCII), PUBLIC, pem);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not an Ed25519 public key (X.509): " + e.getMessage(), e);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM into a new file, readable by its owner only (0600) where the file
     * system has POSIX permissions. Never overwrites: an existing file is a {@link java.nio.file.FileAlreadyExistsException}.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Created with the permissions already set: there is no moment when others could read it.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, Pem.encode(PRIVATE, key.getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes a public key as X.509 PEM into a new file; never overwrites. */
    public static void writePublicKey(Path file, PublicKey key) throws IOException {
        Files.writeString(file, Pem.encode(PUBLIC, key.getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Whether {@code sig} (base64) is a valid Ed25519 signature by {@code key} over the hash's hex text. */
    static boolean verify(PublicKey key, String hash, String sig) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is an invalid one
        }
    }

    /** PEM armour: base64 (MIME, 64 characters a line) between BEGIN and END lines. */
    static final class Pem {
        private Pem() {
        }

        static String encode(String label, byte[] der) {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(String text, String label, Path file) throws IOException {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IOException(file + ": no '" + begin + "' block (expected a PEM " + label.toLowerCase() + ")");
            }
            try {
                return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the PEM block is not base64: " + e.getMessage(), e);
            }
        }
    }
}
