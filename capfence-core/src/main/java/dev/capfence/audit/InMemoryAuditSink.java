package dev.capfence.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A chain kept in memory, for tests, embedding and an application's first run; {@link #lines()} gives it exactly
 * as a file would hold it. Nothing survives a restart.
 *
 * <p><b>Bounded.</b> With {@link Builder#maxRecords}, only the newest records are kept: appending one more drops
 * the oldest. The chain itself goes on (seqs and hashes continue), so what is kept still verifies — from the first
 * kept record, whose prev_hash is trusted since its predecessor is gone ({@link VerifyResult#anchored()}).
 */
public final class InMemoryAuditSink implements AuditSink, ReadableAudit {

    private final Redaction redaction;
    private final Chain chain;
    private final int maxRecords;
    private final Deque<String> lines = new ArrayDeque<>();
    private long dropped;
    private boolean closed;

    private InMemoryAuditSink(Builder b) {
        this.redaction = b.redaction();
        this.chain = Chain.genesis(b.clock(), b.signer());
        this.maxRecords = b.maxRecords;
    }

    /** An unsigned, unbounded sink with the default redaction. */
    public static InMemoryAuditSink create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuditReceipt append(AuditRecord record) {
        Map<String, Object> body;
        try {
            body = RecordBodies.of(record, redaction); // outside the lock: redaction and hashing the payload run in parallel
        } catch (RuntimeException e) {
            throw new AuditException("cannot build the audit record: " + e.getMessage(), e);
        }
        synchronized (this) {
            if (closed) {
                throw new AuditException("the audit sink is closed");
            }
            try {
                Chain.Written written = chain.append(RecordBodies.type(record), body);
                lines.addLast(written.line());
                if (maxRecords > 0 && lines.size() > maxRecords) {
                    lines.removeFirst();
                    dropped++;
                }
                return written.receipt();
            } catch (RuntimeException e) {
                throw new AuditException("cannot seal the audit record: " + e.getMessage(), e);
            }
        }
    }

    /** The records kept, one JSON line each, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The most records kept; 0 when unbounded. */
    public int maxRecords() {
        return maxRecords;
    }

    /** How many of the oldest records were dropped to stay within {@link #maxRecords()}. */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized AuditHead head() {
        return new AuditHead(chain.nextSeq() - 1, chain.head(), lines.size());
    }

    @Override
    public List<AuditEntry> records(AuditFilter filter, int limit) {
        return filter.newestFirst(AuditLogReader.read(lines()).entries(), limit);
    }

    /** Verifies the records kept: from the genesis, or from the oldest kept record once older ones were dropped. */
    @Override
    public VerifyResult verify() {
        List<String> kept;
        boolean trimmed;
        synchronized (this) {
            kept = List.copyOf(lines);
            trimmed = dropped > 0;
        }
        AuditVerifier verifier = AuditVerifier.create();
        return trimmed ? verifier.verifyKept(kept) : verifier.verifyLines(kept);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Configures an in-memory sink. */
    public static final class Builder extends AuditSinkBuilder<Builder> {
        private int maxRecords;

        private Builder() {
        }

        /** Keep only the newest {@code max} records (at least 1); 0, the default, keeps every record. */
        public Builder maxRecords(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRecords must be >= 0 (0: unbounded), not " + max);
            }
            this.maxRecords = max;
            return this;
        }

        public InMemoryAuditSink build() {
            return new InMemoryAuditSink(this);
        }
    }
}
