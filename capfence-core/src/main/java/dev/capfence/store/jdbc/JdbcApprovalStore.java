package dev.capfence.store.jdbc;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.approval.ApprovalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Approvals in a database table, shared by every application instance on the same database.
 *
 * <p><b>Atomicity.</b> {@link #create} runs in one transaction holding the lock row {@code approvals:create}
 * ({@code SELECT … FOR UPDATE} on {@code capfence_lock}), so the look-up of a pending approval for the digest, the
 * count of the actor's pending approvals and the insert cannot interleave with another create anywhere. Creates
 * are rare (each one waits for a human), so one lock for all of them costs nothing worth a finer scheme.
 * {@link #compareAndSet} is a single {@code UPDATE … WHERE id = ? AND status = ?}: the database applies it to the
 * row at most once for a given expected status, and the update count says who won — that is what makes an
 * approval consumable exactly once.
 *
 * <p>Instants are stored to the microsecond. Failures throw {@link IllegalStateException}, which the runtime
 * treats as "store unavailable" (deny).
 */
public final class JdbcApprovalStore implements ApprovalStore {

    static final String COMPONENT = "approval";
    static final int SCHEMA_VERSION = 1;
    private static final String CREATE_LOCK = "approvals:create";

    static final List<String> DDL = List.of(
            Jdbc.LOCK_TABLE_DDL,
            "CREATE TABLE IF NOT EXISTS capfence_approval ("
                    + "id VARCHAR(100) NOT NULL PRIMARY KEY,"
                    + " digest VARCHAR(64) NOT NULL,"
                    + " actor VARCHAR(255),"
                    + " capability VARCHAR(255),"
                    + " environment VARCHAR(255),"
                    + " status VARCHAR(16) NOT NULL,"
                    + " requested_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " expires_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " decided_by VARCHAR(255),"
                    + " decided_at TIMESTAMP WITH TIME ZONE,"
                    + " note TEXT,"
                    + " event_json TEXT)",
            "CREATE INDEX IF NOT EXISTS capfence_approval_digest ON capfence_approval (digest, requested_at)",
            "CREATE INDEX IF NOT EXISTS capfence_approval_status ON capfence_approval (status, requested_at)");

    private static final String COLUMNS = "id, digest, actor, capability, environment, status, requested_at,"
            + " expires_at, decided_by, decided_at, note, event_json";

    private final DataSource dataSource;

    private JdbcApprovalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tables when missing and returns a store on them. */
    public static JdbcApprovalStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Jdbc.migrate(dataSource, COMPONENT, SCHEMA_VERSION, DDL);
            Jdbc.ensureLockRow(dataSource, CREATE_LOCK);
        } catch (SQLException e) {
            throw failure("cannot open the approval store", e);
        }
        return new JdbcApprovalStore(dataSource);
    }

    @Override
    public CreateResult create(Approval candidate, int maxPending, Instant now) {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                Jdbc.lock(c, CREATE_LOCK);
                Optional<Approval> existing = first(c, "SELECT " + COLUMNS + " FROM capfence_approval"
                        + " WHERE digest = ? AND status = ? AND expires_at > ? ORDER BY requested_at DESC",
                        candidate.digest(), ApprovalStatus.PENDING.wireName(), now);
                if (existing.isPresent()) {
                    return new CreateResult.Existing(existing.get());
                }
                if (maxPending > 0) {
                    int pending = countPending(c, candidate.actor(), now);
                    if (pending >= maxPending) {
                        return new CreateResult.LimitReached(pending);
                    }
                }
                insert(c, candidate);
                return new CreateResult.Created(candidate);
            });
        } catch (SQLException e) {
            throw failure("cannot create approval " + candidate.id(), e);
        }
    }

    @Override
    public boolean compareAndSet(ApprovalStatus expected, Approval updated) {
        // The status condition in the WHERE clause is the compare; the database serializes updates of the row.
        String sql = "UPDATE capfence_approval SET digest = ?, actor = ?, capability = ?, environment = ?, status = ?,"
                + " requested_at = ?, expires_at = ?, decided_by = ?, decided_at = ?, note = ?, event_json = ?"
                + " WHERE id = ? AND status = ?";
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    int i = bindFields(p, 1, updated);
                    p.setString(i++, updated.id());
                    p.setString(i, expected.wireName());
                    return p.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw failure("cannot update approval " + updated.id(), e);
        }
    }

    @Override
    public Optional<Approval> get(String id) {
        return read("SELECT " + COLUMNS + " FROM capfence_approval WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<Approval> latestForDigest(String digest) {
        return read("SELECT " + COLUMNS + " FROM capfence_approval WHERE digest = ? ORDER BY requested_at DESC", digest)
                .stream().findFirst();
    }

    @Override
    public List<Approval> withStatus(ApprovalStatus status) {
        return read("SELECT " + COLUMNS + " FROM capfence_approval WHERE status = ? ORDER BY requested_at",
                status.wireName());
    }

    private int countPending(Connection c, String actor, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM capfence_approval"
                + " WHERE actor = ? AND status = ? AND expires_at > ?")) {
            p.setString(1, actor);
            p.setString(2, ApprovalStatus.PENDING.wireName());
            Jdbc.setInstant(p, 3, now);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void insert(Connection c, Approval a) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO capfence_approval (digest, actor, capability,"
                + " environment, status, requested_at, expires_at, decided_by, decided_at, note, event_json, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindFields(p, 1, a);
            p.setString(i, a.id());
            p.executeUpdate();
        }
    }

    /** Binds every column but id, in the order of the UPDATE and INSERT above; returns the next index. */
    private static int bindFields(PreparedStatement p, int i, Approval a) throws SQLException {
        p.setString(i++, a.digest());
        p.setString(i++, a.actor());
        p.setString(i++, a.capability());
        p.setString(i++, a.environment());
        p.setString(i++, a.status().wireName());
        Jdbc.setInstant(p, i++, a.requestedAt());
        Jdbc.setInstant(p, i++, a.expiresAt());
        p.setString(i++, a.decidedBy());
        Jdbc.setInstant(p, i++, a.decidedAt());
        p.setString(i++, a.note());
        p.setString(i++, a.eventJson());
        return i;
    }

    private List<Approval> read(String sql, String parameter) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, parameter);
            return rows(p);
        } catch (SQLException e) {
            throw failure("cannot read approvals", e);
        }
    }

    private static Optional<Approval> first(Connection c, String sql, String digest, String status, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, digest);
            p.setString(2, status);
            Jdbc.setInstant(p, 3, now);
            p.setMaxRows(1);
            return rows(p).stream().findFirst();
        }
    }

    private static List<Approval> rows(PreparedStatement p) throws SQLException {
        List<Approval> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new Approval(r.getString("id"), r.getString("digest"), r.getString("actor"),
                        r.getString("capability"), r.getString("environment"),
                        ApprovalStatus.fromWireName(r.getString("status")), Jdbc.getInstant(r, "requested_at"),
                        Jdbc.getInstant(r, "expires_at"), r.getString("decided_by"), Jdbc.getInstant(r, "decided_at"),
                        r.getString("note"), r.getString("event_json")));
            }
        }
        return out;
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
