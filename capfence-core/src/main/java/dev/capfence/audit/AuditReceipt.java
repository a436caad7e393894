package dev.capfence.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proof of exactly which audit record was written: its {@code seq} and chain {@code hash}, and its signature and
 * key id when the chain is signed. {@code capfence verify --receipt} checks that the chain holds it.
 *
 * @param sig   base64 Ed25519 signature over the hash, or null when unsigned
 * @param keyId hex SHA-256 of the signing public key (X.509 SubjectPublicKeyInfo bytes), or null when unsigned
 */
public record AuditReceipt(long seq, String hash, String sig, String keyId) {

    public AuditReceipt {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1: " + seq);
        }
        if (!Canonical.isHash(hash)) {
            throw new IllegalArgumentException("hash must be 64 lowercase hex characters: " + hash);
        }
    }

    /** The JSON form: {@code {seq, hash}} plus {@code sig} and {@code key_id} when signed. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("hash", hash);
        if (sig != null) {
            m.put("sig", sig);
            m.put("key_id", keyId);
        }
        return m;
    }

    /**
     * Reads a receipt from its JSON form, or from a verdict that carries one under {@code receipt}; an
     * {@link IllegalArgumentException} says what is missing.
     */
    public static AuditReceipt fromMap(Map<?, ?> json) {
        Object nested = json.get("receipt");
        if (nested instanceof Map<?, ?> inner) {
            return fromMap(inner);
        }
        if (!(json.get("seq") instanceof Number seq) || seq.longValue() != seq.doubleValue()) {
            throw new IllegalArgumentException("a receipt needs an integer 'seq' (or a verdict with a 'receipt')");
        }
        if (!(json.get("hash") instanceof String hash)) {
            throw new IllegalArgumentException("a receipt needs a 'hash'");
        }
        return new AuditReceipt(seq.longValue(), hash, text(json.get("sig")), text(json.get("key_id")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
