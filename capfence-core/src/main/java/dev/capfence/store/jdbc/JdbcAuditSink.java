package dev.capfence.store.jdbc;

import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditFilter;
import dev.capfence.audit.AuditHead;
import dev.capfence.audit.AuditLine;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditRecord;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.AuditSinkBuilder;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.audit.VerifyResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The audit chain in a database table, one record a row, shared by any number of sinks — in this JVM or others —
 * on the same database.
 *
 * <p><b>One chain, many writers.</b> The chain head (last seq and hash) lives in a row of
 * {@code capfence_audit_head}. Each batch, in one transaction, locks that row ({@code SELECT … FOR UPDATE}), seals
 * its records onto it in order (seq = head seq + 1, prev_hash = head hash, and so on), inserts them and moves the
 * head. Writers therefore take turns, whichever instance they run in, and the chain never forks; the primary key
 * {@code (chain_name, seq)} would reject a duplicate seq even if it did.
 *
 * <p><b>Group commit.</b> Concurrent {@link #append} calls on one sink share transactions: a caller that finds no
 * batch being written writes everything queued (at most {@value #MAX_BATCH} records) in one transaction, while
 * callers arriving meanwhile queue up for the next one. A lone caller writes at once (there is no timer), and
 * under load one lock, one statement batch and one commit serve many records. Each caller still gets its own
 * receipt, and only once the transaction holding its record has committed.
 *
 * <p><b>Same records as the file.</b> The {@code line} column holds the record exactly as {@code JsonlAuditSink}
 * writes it, so {@link #lines()} goes straight to {@link AuditVerifier#verifyLines}. The other columns
 * ({@code seq, type, ts, hash}) are copies for queries; verification never trusts them.
 *
 * <p><b>Fail closed.</b> A record that is not committed — database down, lock timeout, head row missing — makes
 * {@link #append} throw {@link AuditException}, so the runtime denies the action ({@code audit_unavailable}). A
 * failed transaction fails every record of its batch; the next batch starts from the head as stored. A failure of
 * the commit itself cannot tell whether the batch was stored; the chain stays consistent either way.
 *
 * <p>Thread-safe; no connection is held between appends (give it a pooled {@link DataSource} in production).
 */
public final class JdbcAuditSink implements AuditSink, ReadableAudit {

    static final String COMPONENT = "audit";
    static final int SCHEMA_VERSION = 1;

    /** The most records one transaction takes: bounds the time the head row is locked and the statement batch. */
    static final int MAX_BATCH = 256;

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS capfence_audit_head ("
                    + "chain_name VARCHAR(100) NOT NULL PRIMARY KEY,"
                    + " seq BIGINT NOT NULL,"
                    + " hash VARCHAR(64) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS capfence_audit ("
                    + "chain_name VARCHAR(100) NOT NULL,"
                    + " seq BIGINT NOT NULL,"
                    + " type VARCHAR(32) NOT NULL,"
                    + " ts TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " hash VARCHAR(64) NOT NULL,"
                    + " line TEXT NOT NULL,"
                    + " PRIMARY KEY (chain_name, seq))");

    private final DataSource dataSource;
    private final String chainName;
    private final Redaction redaction;
    private final AuditSigner signer;
    private final Clock clock;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final AtomicLong batches = new AtomicLong();
    private boolean writing; // guarded by queue: a caller is writing a batch
    private boolean closed; // guarded by queue

    private JdbcAuditSink(Builder b) {
        this.dataSource = b.dataSource;
        this.chainName = b.chainName;
        this.redaction = b.redaction();
        this.signer = b.signer();
        this.clock = b.clock();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    public String chainName() {
        return chainName;
    }

    /**
     * Queues the record and returns its receipt once the transaction holding it has committed. The first caller
     * that finds no batch in flight writes everything queued (up to {@value #MAX_BATCH} records) in one
     * transaction; callers arriving meanwhile wait, and one of them writes the next batch. A lone caller therefore
     * writes at once, and under load one commit serves many records.
     */
    @Override
    public AuditReceipt append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        Pending me = new Pending(record);
        boolean lead;
        boolean interrupted = false;
        synchronized (queue) {
            if (closed) {
                throw new AuditException("the audit sink for chain '" + chainName + "' is closed");
            }
            queue.add(me);
            // Uninterruptibly: the record is queued and will be written; the caller must learn whether it was.
            while (!me.done && writing) {
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            lead = !me.done;
            writing |= lead;
        }
        try {
            if (lead) {
                lead(me);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (me.failure != null) {
            throw me.failure;
        }
        return me.receipt;
    }

    /** A queued record and, once its batch is over, its receipt or why it has none. Fields guarded by queue. */
    private static final class Pending {
        final AuditRecord record;
        AuditReceipt receipt;
        AuditException failure;
        boolean done;

        Pending(AuditRecord record) {
            this.record = record;
        }
    }

    /** Writes batches until {@code me} is written (it is queued, so it will be), then hands the writing over. */
    private void lead(Pending me) {
        List<Pending> batch = List.of();
        try {
            while (true) {
                synchronized (queue) {
                    if (me.done) {
                        return; // finally wakes the waiters: their records are done, or one of them writes next
                    }
                    batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
                    while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                        batch.add(queue.poll());
                    }
                }
                List<Outcome> outcomes = writeBatch(batch);
                synchronized (queue) {
                    for (int i = 0; i < batch.size(); i++) {
                        Pending p = batch.get(i);
                        p.receipt = outcomes.get(i).receipt();
                        p.failure = outcomes.get(i).failure();
                        p.done = true;
                    }
                    queue.notifyAll(); // their callers return now, not when this caller's own record is done
                }
            }
        } finally {
            synchronized (queue) {
                for (Pending p : batch) { // only after an Error outside writeBatch: no caller may wait forever
                    if (!p.done) {
                        p.failure = new AuditException("the audit batch of chain '" + chainName + "' was abandoned");
                        p.done = true;
                    }
                }
                writing = false;
                queue.notifyAll();
            }
        }
    }

    private record Outcome(AuditReceipt receipt, AuditException failure) {
    }

    /**
     * One transaction for the batch: lock the head, seal the records onto it in order, insert them, move the head,
     * commit. Never throws: when the transaction fails, every record of the batch gets the failure (nothing of it
     * was committed, or — when the commit itself failed — all of it may have been; the chain is consistent either
     * way). A record that cannot be rendered fails alone and takes no place in the chain.
     */
    private List<Outcome> writeBatch(List<Pending> batch) {
        Outcome[] outcomes = new Outcome[batch.size()];
        try {
            Jdbc.inTransaction(dataSource, c -> {
                appendLocked(c, batch, outcomes);
                return null;
            });
            batches.incrementAndGet();
        } catch (SQLException | RuntimeException | Error e) {
            String message = e instanceof AuditException ? e.getMessage()
                    : "cannot write the audit record to the database: " + e.getMessage();
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null || outcomes[i].failure() == null) {
                    // One exception per caller: each is thrown, and may be added to, in its own thread.
                    outcomes[i] = new Outcome(null, new AuditException(message, e));
                }
            }
        }
        return List.of(outcomes);
    }

    /** Within the caller's transaction: lock the head, seal the records onto it, store them, move the head. */
    private void appendLocked(Connection c, List<Pending> batch, Outcome[] outcomes) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT seq, hash FROM capfence_audit_head WHERE chain_name = ? FOR UPDATE")) {
            p.setString(1, chainName);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    // Never start a new genesis silently: the row is created on open and only ever updated.
                    throw new AuditException("the audit chain head '" + chainName + "' is missing from capfence_audit_head");
                }
                headSeq = r.getLong(1);
                headHash = r.getString(2);
            }
        }
        long seq = headSeq;
        String hash = headHash;
        List<AuditLine.Sealed> sealed = new ArrayList<>(batch.size());
        List<Integer> places = new ArrayList<>(batch.size());
        List<Instant> stamps = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            // The timestamp is taken under the lock, so ts never goes backwards along the chain.
            Instant ts = clock.instant();
            try {
                AuditLine.Sealed s = AuditLine.seal(batch.get(i).record, seq + 1, hash, ts, redaction, signer);
                seq = s.seq();
                hash = s.hash();
                sealed.add(s);
                places.add(i);
                stamps.add(ts);
            } catch (RuntimeException e) { // nothing moved: the next record takes this place
                outcomes[i] = new Outcome(null, new AuditException("cannot build the audit record: " + e.getMessage(), e));
            }
        }
        if (sealed.isEmpty()) {
            return;
        }
        // One signature for the batch, on its last record, whose hash covers the rest. A failed signature throws:
        // the whole batch rolls back, so no batch is ever stored without its signature.
        List<AuditLine> lines = AuditLine.signLast(sealed);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO capfence_audit (chain_name, seq, type, ts, hash, line) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int k = 0; k < lines.size(); k++) {
                AuditLine line = lines.get(k);
                p.setString(1, chainName);
                p.setLong(2, line.seq());
                p.setString(3, line.type());
                p.setObject(4, OffsetDateTime.ofInstant(stamps.get(k), ZoneOffset.UTC));
                p.setString(5, line.hash());
                p.setString(6, line.line());
                p.addBatch();
                outcomes[places.get(k)] = new Outcome(line.receipt(), null);
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE capfence_audit_head SET seq = ?, hash = ? WHERE chain_name = ? AND seq = ?")) {
            p.setLong(1, seq);
            p.setString(2, hash);
            p.setString(3, chainName);
            p.setLong(4, headSeq);
            if (p.executeUpdate() != 1) {
                throw new AuditException("the audit chain head '" + chainName + "' moved while it was locked");
            }
        }
    }

    /** How many batches were committed (for tests: fewer than records means appends were grouped). */
    long committedBatches() {
        return batches.get();
    }

    /** How many records wait for a batch (for tests). */
    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Every record of the chain, oldest first, exactly as sealed: the input of {@link AuditVerifier#verifyLines}. */
    public List<String> lines() {
        return lines(1, Integer.MAX_VALUE);
    }

    /** Up to {@code max} records from seq {@code fromSeq} on, oldest first (for paging through a long chain). */
    public List<String> lines(long fromSeq, int max) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "SELECT line FROM capfence_audit WHERE chain_name = ? AND seq >= ? ORDER BY seq")) {
            p.setString(1, chainName);
            p.setLong(2, fromSeq);
            p.setMaxRows(max);
            List<String> lines = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lines.add(r.getString(1));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new AuditException("cannot read the audit chain '" + chainName + "': " + e.getMessage(), e);
        }
    }

    /** Verifies the whole stored chain with {@code verifier} (hashes recomputed from the lines, never trusted). */
    public VerifyResult verify(AuditVerifier verifier) {
        return verifier.verifyLines(lines());
    }

    /** Verifies the whole stored chain: hashes and links, no signature keys. */
    @Override
    public VerifyResult verify() {
        return verify(AuditVerifier.create());
    }

    /**
     * The matching records, newest first. The whole chain is read to link outcomes to their decisions; for a
     * chain of millions of rows, query the table ({@code seq, type, ts}) or page with {@link #lines(long, int)}.
     */
    @Override
    public List<AuditEntry> records(AuditFilter filter, int limit) {
        return filter.newestFirst(AuditLogReader.read(lines()).entries(), limit);
    }

    /** The head as stored: seq 0 and 64 zeros for an empty chain. Every row counts, so {@code records} is the seq. */
    @Override
    public AuditHead head() {
        Head head;
        try (Connection c = dataSource.getConnection()) {
            head = readHead(c, chainName);
        } catch (SQLException e) {
            throw new AuditException("cannot read the audit chain head '" + chainName + "': " + e.getMessage(), e);
        }
        if (head == null) {
            throw new AuditException("the audit chain head '" + chainName + "' is missing from capfence_audit_head");
        }
        return new AuditHead(head.seq(), head.hash(), head.seq());
    }

    private record Head(long seq, String hash) {
    }

    /** Refuses later records; the database is left as it is (the chain stays open to other sinks). */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
        }
    }

    private static Head readHead(Connection c, String chainName) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM capfence_audit_head WHERE chain_name = ?")) {
            p.setString(1, chainName);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new Head(r.getLong(1), r.getString(2)) : null;
            }
        }
    }

    /**
     * Creates the head row of a new chain. Two sinks opening at once may both try; the loser's insert fails on the
     * primary key, and it then finds the winner's row.
     */
    private void ensureHead() throws SQLException {
        try {
            Jdbc.inTransaction(dataSource, c -> {
                if (readHead(c, chainName) == null) {
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO capfence_audit_head (chain_name, seq, hash) VALUES (?, 0, ?)")) {
                        p.setString(1, chainName);
                        p.setString(2, AuditLine.GENESIS);
                        p.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            try (Connection c = dataSource.getConnection()) {
                if (readHead(c, chainName) == null) {
                    throw e;
                }
            }
        }
    }

    /** Checks that the head row names the last stored record, so a damaged table is not silently extended. */
    private void checkHead() throws SQLException {
        Jdbc.inTransaction(dataSource, c -> {
            Head head = readHead(c, chainName);
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq, hash FROM capfence_audit WHERE chain_name = ? ORDER BY seq DESC")) {
                p.setString(1, chainName);
                p.setMaxRows(1);
                try (ResultSet r = p.executeQuery()) {
                    Head last = r.next() ? new Head(r.getLong(1), r.getString(2)) : new Head(0, AuditLine.GENESIS);
                    if (head.seq() < last.seq() || (head.seq() == last.seq() && !head.hash().equals(last.hash()))) {
                        throw new AuditException("the audit chain '" + chainName + "' is inconsistent: its head is seq "
                                + head.seq() + " (" + head.hash() + ") but the last record is seq " + last.seq()
                                + " (" + last.hash() + "); verify it before appending");
                    }
                }
            }
            return null;
        });
    }

    /** Configures a JDBC sink. */
    public static final class Builder extends AuditSinkBuilder<Builder> {
        private final DataSource dataSource;
        private String chainName = "default";

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Several chains may share the tables; each has its own head. {@code default} unless set. */
        public Builder chainName(String chainName) {
            if (chainName == null || chainName.isBlank() || chainName.length() > 100) {
                throw new IllegalArgumentException("chainName must be 1 to 100 characters");
            }
            this.chainName = chainName;
            return this;
        }

        /**
         * Creates the tables when missing, creates the chain's head row when new, and checks that the head matches
         * the last stored record. Throws {@link AuditException} when the database cannot be reached or is
         * inconsistent.
         */
        public JdbcAuditSink open() {
            JdbcAuditSink sink = new JdbcAuditSink(this);
            try {
                Jdbc.migrate(dataSource, COMPONENT, SCHEMA_VERSION, DDL);
                sink.ensureHead();
                sink.checkHead();
            } catch (SQLException e) {
                throw new AuditException("cannot open the audit chain '" + chainName + "': " + e.getMessage(), e);
            }
            return sink;
        }
    }
}
