package dev.capfence.store.jdbc;

import dev.capfence.approval.Grant;
import dev.capfence.approval.GrantStore;
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
 * Grants in a database table, shared by every application instance on the same database.
 *
 * <p><b>Atomicity.</b> A grant is written once ({@link #save}, one {@code INSERT}) and changed once:
 * {@link #revoke} is a single {@code UPDATE … WHERE id = ? AND revoked_at IS NULL}, so of concurrent revokes, in any
 * instance, exactly one sees an update count of 1. Nothing else needs a lock.
 *
 * <p>Instants are stored to the microsecond; "oldest first" is by {@code granted_at}, then id. Failures throw
 * {@link IllegalStateException}, which the runtime treats as "store unavailable" (deny).
 */
public final class JdbcGrantStore implements GrantStore {

    static final String COMPONENT = "grant";
    static final int SCHEMA_VERSION = 1;

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS capfence_grant ("
                    + "id VARCHAR(100) NOT NULL PRIMARY KEY,"
                    + " actor VARCHAR(255) NOT NULL,"
                    + " capability VARCHAR(255) NOT NULL,"
                    + " environment VARCHAR(255),"
                    + " session_id VARCHAR(255),"
                    + " granted_by VARCHAR(255) NOT NULL,"
                    + " granted_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " expires_at TIMESTAMP WITH TIME ZONE,"
                    + " revoked_by VARCHAR(255),"
                    + " revoked_at TIMESTAMP WITH TIME ZONE)",
            "CREATE INDEX IF NOT EXISTS capfence_grant_actor ON capfence_grant (actor, granted_at)");

    private static final String COLUMNS = "id, actor, capability, environment, session_id, granted_by, granted_at,"
            + " expires_at, revoked_by, revoked_at";

    private final DataSource dataSource;

    private JdbcGrantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table when missing and returns a store on it. */
    public static JdbcGrantStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Jdbc.migrate(dataSource, COMPONENT, SCHEMA_VERSION, DDL);
        } catch (SQLException e) {
            throw failure("cannot open the grant store", e);
        }
        return new JdbcGrantStore(dataSource);
    }

    @Override
    public void save(Grant g) {
        try {
            Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO capfence_grant (" + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, g.id());
                    p.setString(2, g.actor());
                    p.setString(3, g.capability());
                    p.setString(4, g.environment());
                    p.setString(5, g.sessionId());
                    p.setString(6, g.grantedBy());
                    Jdbc.setInstant(p, 7, g.grantedAt());
                    Jdbc.setInstant(p, 8, g.expiresAt());
                    p.setString(9, g.revokedBy());
                    Jdbc.setInstant(p, 10, g.revokedAt());
                    return p.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failure("cannot save grant " + g.id(), e);
        }
    }

    @Override
    public Optional<Grant> get(String id) {
        return read("SELECT " + COLUMNS + " FROM capfence_grant WHERE id = ?", p -> p.setString(1, id))
                .stream().findFirst();
    }

    @Override
    public List<Grant> activeFor(String actor, Instant now) {
        // Same rule as Grant.activeAt: not revoked, and no expiry or one still ahead.
        return read("SELECT " + COLUMNS + " FROM capfence_grant WHERE actor = ? AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?) ORDER BY granted_at, id", p -> {
                    p.setString(1, actor);
                    Jdbc.setInstant(p, 2, now);
                });
    }

    @Override
    public List<Grant> all() {
        return read("SELECT " + COLUMNS + " FROM capfence_grant ORDER BY granted_at, id", p -> { });
    }

    @Override
    public boolean revoke(String id, String by, Instant at) {
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE capfence_grant SET revoked_by = ?, revoked_at = ?"
                        + " WHERE id = ? AND revoked_at IS NULL")) {
                    p.setString(1, by);
                    Jdbc.setInstant(p, 2, at);
                    p.setString(3, id);
                    return p.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw failure("cannot revoke grant " + id, e);
        }
    }

    /** Sets a query's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private List<Grant> read(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            List<Grant> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Grant(r.getString("id"), r.getString("actor"), r.getString("capability"),
                            r.getString("environment"), r.getString("session_id"), r.getString("granted_by"),
                            Jdbc.getInstant(r, "granted_at"), Jdbc.getInstant(r, "expires_at"),
                            r.getString("revoked_by"), Jdbc.getInstant(r, "revoked_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot read grants", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
