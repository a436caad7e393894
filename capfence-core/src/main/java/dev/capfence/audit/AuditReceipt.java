package dev.capfence.audit;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Proof of exactly which audit record was written: its {@code seq} and chain {@code hash}, and — when the chain is
 * signed — the signature that covers it. A sink signs once per group of records it commits together: the last
 * record of the group carries the signature over its hash, and since each hash covers the one before, that
 * signature covers every record of the group. The receipt names that record ({@code headSeq}, {@code headHash});
 * for a record signed on its own, or an unsigned one, the head is the record itself. {@code capfence verify
 * --receipt} checks that the chain holds both and links them.
 *
 * @param sig      base64 Ed25519 signature over {@code headHash}, or null when unsigned
 * @param keyId    hex SHA-256 of the signing public key (X.509 SubjectPublicKeyInfo bytes), or null when unsigned
 * @param headSeq  the seq of the record that carries the signature: {@code seq} itself or a later record
 * @param headHash that record's hash
 */
public record AuditReceipt(long seq, String hash, String sig, String keyId, long headSeq, String headHash) {

    public AuditReceipt {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1: " + seq);
        }
        if (!Canonical.isHash(hash)) {
            throw new IllegalArgumentException("hash must be 64 lowercase hex characters: " + hash);
        }
        if (headHash != hash && !Canonical.isHash(headHash)) { // usually the record itself, checked just above
            throw new IllegalArgumentException("head_hash must be 64 lowercase hex characters: " + headHash);
        }
        if (headSeq < seq || (headSeq == seq && !headHash.equals(hash))) {
            throw new IllegalArgumentException("the signed head (seq " + headSeq + ") must be this record or a later one");
        }
        if (sig == null && headSeq != seq) {
            throw new IllegalArgumentException("an unsigned receipt has no signed head");
        }
    }

    /** A receipt whose signature, if any, is over this record's own hash. */
    public AuditReceipt(long seq, String hash, String sig, String keyId) {
        this(seq, hash, sig, keyId, seq, hash);
    }

    /**
     * Whether the signature is by {@code key} over the head's hash — checkable without the log. That the record is
     * linked to the head is the chain's part: {@code capfence verify --receipt}.
     */
    public boolean signedBy(PublicKey key) {
        return sig != null && AuditKeys.keyId(key).equals(keyId) && AuditKeys.verify(key, headHash, sig);
    }

    /**
     * The JSON form: {@code {seq, hash}} plus {@code sig} and {@code key_id} when signed, plus {@code head_seq} and
     * {@code head_hash} when the signature is on a later record.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("hash", hash);
        if (sig != null) {
            m.put("sig", sig);
            m.put("key_id", keyId);
        }
        if (headSeq != seq) {
            m.put("head_seq", headSeq);
            m.put("head_hash", headHash);
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
        long seq = integer(json.get("seq"), "a receipt needs an integer 'seq' (or a verdict with a 'receipt')");
        if (!(json.get("hash") instanceof String hash)) {
            throw new IllegalArgumentException("a receipt needs a 'hash'");
        }
        if (json.get("head_seq") == null && json.get("head_hash") == null) {
            return new AuditReceipt(seq, hash, text(json.get("sig")), text(json.get("key_id")));
        }
        long headSeq = integer(json.get("head_seq"), "a receipt with a 'head_hash' needs an integer 'head_seq'");
        if (!(json.get("head_hash") instanceof String headHash)) {
            throw new IllegalArgumentException("a receipt with a 'head_seq' needs a 'head_hash'");
        }
        return new AuditReceipt(seq, hash, text(json.get("sig")), text(json.get("key_id")), headSeq, headHash);
    }

    private static long integer(Object value, String problem) {
        if (!(value instanceof Number n) || n.longValue() != n.doubleValue()) {
            throw new IllegalArgumentException(problem);
        }
        return n.longValue();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
