package dev.capfence.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs a record's hash with an Ed25519 key: {@code sig} is the base64 signature over the 64 ASCII characters
 * of the hex hash, {@code key_id} the hex SHA-256 of the public key (see {@link AuditKeys#keyId}). Sinks sign the
 * last record of each group they commit: its hash covers every record before it.
 */
public final class AuditSigner {

    private final PrivateKey privateKey;
    private final Ed25519PrivateKeyParameters fastKey; // null for a key whose bytes the JDK does not expose
    private final PublicKey publicKey;
    private final String keyId;

    private AuditSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.fastKey = privateKey instanceof EdECPrivateKey ed && ed.getBytes().isPresent()
                ? new Ed25519PrivateKeyParameters(ed.getBytes().get(), 0) : null;
        this.publicKey = publicKey;
        this.keyId = AuditKeys.keyId(publicKey);
    }

    /** A signer for a key pair; throws {@link IllegalArgumentException} when the halves do not belong together. */
    public static AuditSigner of(KeyPair pair) {
        AuditSigner signer = new AuditSigner(pair.getPrivate(), pair.getPublic());
        signer.selfTest();
        return signer;
    }

    /** A signer for a private key alone (as {@code --sign-key} gives it); its public half is derived. */
    public static AuditSigner of(PrivateKey key) {
        return of(new KeyPair(derivePublic(key), key));
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * The base64 signature over a hash's hex text. BouncyCastle's Ed25519 signs about 20 times faster than JDK 17's
     * and, Ed25519 being deterministic (RFC 8032), gives the same bytes; the JDK signs keys it holds opaquely.
     */
    String sign(String hash) {
        byte[] message = hash.getBytes(StandardCharsets.US_ASCII);
        if (fastKey != null) {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, fastKey);
            s.update(message, 0, message.length);
            return Base64.getEncoder().encodeToString(s.generateSignature());
        }
        try {
            Signature s = Signature.getInstance(AuditKeys.ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new AuditException("cannot sign the audit record: " + e.getMessage(), e);
        }
    }

    private void selfTest() {
        String probe = Canonical.sha256Hex("capfence signer self-test");
        if (!AuditKeys.verify(publicKey, probe, sign(probe))) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
    }

    /**
     * The JDK has no call that computes an Ed25519 public key from a private one, but its key pair generator
     * derives the pair from 32 random bytes — the private key's seed. Feeding it the seed yields the same pair;
     * {@link #selfTest} then proves the halves match, so a JDK that generated differently fails loudly here.
     */
    private static PublicKey derivePublic(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(AuditKeys.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
    }
}
