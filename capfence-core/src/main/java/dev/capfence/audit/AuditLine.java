package dev.capfence.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One record rendered as a chain line, for sinks that keep the chain head somewhere else than in this package (a
 * database row, for instance) and so fix {@code seq} and {@code prev_hash} themselves. The line is byte for byte
 * what {@link JsonlAuditSink} would write at that place, so {@link AuditVerifier#verifyLines} checks it.
 *
 * @param type    {@code decision} or {@code outcome}
 * @param line    the JSON line, without a trailing newline
 * @param receipt its seq and hash (and the signature that covers it when signed)
 */
public record AuditLine(String type, String line, AuditReceipt receipt) {

    /** The genesis {@code prev_hash}: 64 zeros. */
    public static final String GENESIS = Chain.GENESIS;

    /**
     * Redacts, canonicalizes, hashes and (when {@code signer} is not null) signs {@code record} as the record
     * {@code seq} of a chain whose head is {@code prevHash}, stamped {@code ts}.
     */
    public static AuditLine render(AuditRecord record, long seq, String prevHash, Instant ts, Redaction redaction,
                                   AuditSigner signer) {
        return seal(record, seq, prevHash, ts, redaction, signer).sign();
    }

    /**
     * Like {@link #render} but stops before signing: the record's place and hash are fixed, so a batch can be sealed
     * in order and then signed once ({@link #signLast}).
     */
    public static Sealed seal(AuditRecord record, long seq, String prevHash, Instant ts, Redaction redaction,
                              AuditSigner signer) {
        String type = RecordBodies.type(record);
        Chain chain = new Chain(seq, prevHash, Clock.fixed(ts, ZoneOffset.UTC), signer);
        return new Sealed(type, chain.seal(type, RecordBodies.of(record, redaction)));
    }

    /** A record sealed at its place in a chain, not yet signed; {@link #sign()} gives its line. */
    public static final class Sealed {
        private final String type;
        private final Chain.Sealed sealed;

        private Sealed(String type, Chain.Sealed sealed) {
            this.type = type;
            this.sealed = sealed;
        }

        public long seq() {
            return sealed.seq();
        }

        /** The record's chain hash: the next record's {@code prev_hash}. */
        public String hash() {
            return sealed.hash();
        }

        /** The line, signed on its own when the signer given to {@link #seal} is not null (the slow part). */
        public AuditLine sign() {
            return line(sealed.sign());
        }

        private AuditLine line(Chain.Written written) {
            return new AuditLine(type, written.line(), written.receipt());
        }
    }

    /**
     * The lines of records sealed one after another (each onto the one before, as a transaction seals its batch):
     * when signing, only the last carries a signature, which through the chain covers every record of the batch;
     * each receipt names that record. Records not sealed each onto the one before are an
     * {@link IllegalArgumentException}. Byte for byte what {@link JsonlAuditSink} writes for a group commit.
     */
    public static List<AuditLine> signLast(List<Sealed> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Chain.Written> written = Chain.signLast(batch.stream().map(s -> s.sealed).toList());
        List<AuditLine> lines = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            lines.add(batch.get(i).line(written.get(i)));
        }
        return lines;
    }

    public String hash() {
        return receipt.hash();
    }

    public long seq() {
        return receipt.seq();
    }
}
