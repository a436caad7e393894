package dev.capfence.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The head of a chain and how the next record is sealed onto it. Not thread-safe: each sink calls it from one
 * writer at a time.
 *
 * <p>A line is the record's canonical JSON (RFC 8785) without {@code hash}, {@code sig} and {@code key_id}, with
 * those three appended as its last members: {@code hash = SHA-256(prev_hash || that canonical text)}. The
 * verifier hashes exactly the bytes it reads, so no re-serialization can disagree with the writer's.
 */
final class Chain {

    static final String GENESIS = "0".repeat(64);
    static final int VERSION = 1;

    /**
     * A record whose place in the chain and hash are fixed. Signing — the slow part, since the signature is over
     * the hash and no later hash depends on it — is left to {@link #sign()}, so a batch can be signed in parallel.
     */
    record Sealed(long seq, String canonical, String hash, AuditSigner signer) {

        /** The line to write and its receipt. */
        Written sign() {
            StringBuilder line = new StringBuilder(canonical.length() + 256)
                    .append(canonical, 0, canonical.length() - 1)
                    .append(",\"hash\":\"").append(hash).append('"');
            String sig = null;
            if (signer != null) {
                sig = signer.sign(hash);
                line.append(",\"sig\":\"").append(sig).append("\",\"key_id\":\"").append(signer.keyId()).append('"');
            }
            line.append('}');
            return new Written(line.toString(), new AuditReceipt(seq, hash, sig, signer == null ? null : signer.keyId()));
        }
    }

    record Written(String line, AuditReceipt receipt) {
    }

    private final Clock clock;
    private final AuditSigner signer;
    private long nextSeq;
    private String head;

    Chain(long nextSeq, String head, Clock clock, AuditSigner signer) {
        this.nextSeq = nextSeq;
        this.head = head;
        this.clock = clock;
        this.signer = signer;
    }

    static Chain genesis(Clock clock, AuditSigner signer) {
        return new Chain(1, GENESIS, clock, signer);
    }

    long nextSeq() {
        return nextSeq;
    }

    String head() {
        return head;
    }

    /**
     * Seals and signs the next record, then moves the head: a record that fails on the way leaves the chain as
     * it was.
     */
    Written append(String type, Map<String, Object> body) {
        Sealed sealed = next(type, body);
        Written written = sealed.sign();
        advance(sealed);
        return written;
    }

    /**
     * Seals the next record and moves the head at once, leaving signing to the caller (to sign a batch in
     * parallel). The chain now depends on the record: if it is not signed and written, the sink must stop.
     */
    Sealed seal(String type, Map<String, Object> body) {
        Sealed sealed = next(type, body);
        advance(sealed);
        return sealed;
    }

    /** Fixes the next record's seq, ts and prev_hash; every field is in place before the hash is taken. */
    private Sealed next(String type, Map<String, Object> body) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("v", VERSION);
        record.put("seq", nextSeq);
        record.put("ts", clock.instant().toString());
        record.put("type", type);
        record.putAll(body);
        record.put("prev_hash", head);
        String canonical = Canonical.of(record);
        return new Sealed(nextSeq, canonical, Canonical.chainHash(head, canonical), signer);
    }

    private void advance(Sealed sealed) {
        nextSeq = sealed.seq() + 1;
        head = sealed.hash();
    }
}
