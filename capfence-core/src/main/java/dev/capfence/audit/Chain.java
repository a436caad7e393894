package dev.capfence.audit;

import dev.capfence.event.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * A record whose place in the chain and hash are fixed. Signing — the slow part — is left to
     * {@link #signLast}, so a group of records sealed one after another can share one signature.
     */
    record Sealed(long seq, String prevHash, String canonical, String hash, AuditSigner signer) {

        /** The line to write and its receipt, signed on its own when signing: a group of one. */
        Written sign() {
            return signLast(List.of(this)).get(0);
        }

        private String line(String sig) {
            StringBuilder line = new StringBuilder(canonical.length() + 256)
                    .append(canonical, 0, canonical.length() - 1)
                    .append(",\"hash\":\"").append(hash).append('"');
            if (sig != null) {
                line.append(",\"sig\":\"").append(sig).append("\",\"key_id\":\"").append(signer.keyId()).append('"');
            }
            return line.append('}').toString();
        }
    }

    /**
     * Renders records sealed one after another (each onto the one before) as lines. When signing, only the last
     * carries a signature: it is over the last hash, which through the chain covers every record before it, so one
     * signature serves the whole group. Each receipt names that last record.
     */
    static List<Written> signLast(List<Sealed> group) {
        for (int i = 1; i < group.size(); i++) {
            if (!group.get(i).prevHash().equals(group.get(i - 1).hash())) {
                throw new IllegalArgumentException("a group is sealed one record onto the other: seq "
                        + group.get(i).seq() + " is not sealed onto seq " + group.get(i - 1).seq());
            }
        }
        Sealed last = group.get(group.size() - 1);
        String sig = last.signer() == null ? null : last.signer().sign(last.hash());
        String keyId = sig == null ? null : last.signer().keyId();
        List<Written> written = new ArrayList<>(group.size());
        for (Sealed s : group) {
            AuditReceipt receipt = sig == null ? new AuditReceipt(s.seq(), s.hash(), null, null)
                    : new AuditReceipt(s.seq(), s.hash(), sig, keyId, last.seq(), last.hash());
            written.add(new Written(s.line(s == last ? sig : null), receipt));
        }
        return written;
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
     * Seals the next record and moves the head at once, leaving signing to the caller (to sign a group once,
     * {@link #signLast}). The chain now depends on the record: if it is not signed and written, the sink must stop.
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
        record.put("ts", Timestamps.iso(clock.instant()));
        record.put("type", type);
        record.putAll(body);
        record.put("prev_hash", head);
        String canonical = Canonical.of(record);
        return new Sealed(nextSeq, head, canonical, Canonical.chainHash(head, canonical), signer);
    }

    private void advance(Sealed sealed) {
        nextSeq = sealed.seq() + 1;
        head = sealed.hash();
    }
}
