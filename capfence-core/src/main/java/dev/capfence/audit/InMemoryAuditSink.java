package dev.capfence.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A chain kept in memory, for tests and embedding; {@link #lines()} gives it exactly as a file would hold it. */
public final class InMemoryAuditSink implements AuditSink {

    private final Redaction redaction;
    private final Chain chain;
    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    private InMemoryAuditSink(Builder b) {
        this.redaction = b.redaction();
        this.chain = Chain.genesis(b.clock(), b.signer());
    }

    /** An unsigned sink with the default redaction. */
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
                lines.add(written.line());
                return written.receipt();
            } catch (RuntimeException e) {
                throw new AuditException("cannot seal the audit record: " + e.getMessage(), e);
            }
        }
    }

    /** The records written so far, one JSON line each, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Configures an in-memory sink. */
    public static final class Builder extends AuditSinkBuilder<Builder> {
        private Builder() {
        }

        public InMemoryAuditSink build() {
            return new InMemoryAuditSink(this);
        }
    }
}
