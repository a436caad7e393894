package dev.capfence.store.jdbc;

import dev.capfence.limit.LimitStore;
import dev.capfence.limit.ReserveResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Sliding-window limit reservations in a database table, shared by every application instance on the same
 * database.
 *
 * <p><b>Atomicity.</b> {@link #tryReserve} runs in one transaction that first locks the key's row in
 * {@code capfence_lock} ({@code SELECT … FOR UPDATE}), then prunes, counts and sums the reservations made after the
 * window's start (with no upper bound: one stamped after this caller's clock reading still counts) and inserts one
 * or refuses. Callers of the same key — in any instance — take turns, and each one's count (a new
 * statement under READ COMMITTED, so a fresh snapshot) includes what the one before it committed: the last slot
 * cannot be taken twice. Different keys do not wait for each other.
 *
 * <p>Amounts are stored as {@code NUMERIC(38, 12)}; instants to the microsecond. Failures throw
 * {@link IllegalStateException}, which the runtime treats as "store unavailable" (deny).
 */
public final class JdbcLimitStore implements LimitStore {

    static final String COMPONENT = "limit";
    static final int SCHEMA_VERSION = 1;

    static final List<String> DDL = List.of(
            Jdbc.LOCK_TABLE_DDL,
            "CREATE TABLE IF NOT EXISTS capfence_limit_reservation ("
                    + "id VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " limit_key VARCHAR(900) NOT NULL,"
                    + " reserved_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " amount NUMERIC(38, 12) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS capfence_limit_reservation_key"
                    + " ON capfence_limit_reservation (limit_key, reserved_at)");

    private final DataSource dataSource;
    /** Lock rows known to exist, so a key's row is inserted (or found) once per store, not on every call. */
    private final Set<String> lockRows = ConcurrentHashMap.newKeySet();

    private JdbcLimitStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tables when missing and returns a store on them. */
    public static JdbcLimitStore open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Jdbc.migrate(dataSource, COMPONENT, SCHEMA_VERSION, DDL);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the limit store: " + e.getMessage(), e);
        }
        return new JdbcLimitStore(dataSource);
    }

    @Override
    public ReserveResult tryReserve(String key, Duration window, Instant now, BigDecimal amount, Long maxCount,
                                    BigDecimal maxSum) {
        Instant at = Jdbc.micros(now);
        Instant windowStart = Jdbc.micros(now.minus(window));
        BigDecimal add = amount == null ? BigDecimal.ZERO : amount;
        String lockName = "limit:" + key;
        try {
            if (!lockRows.contains(lockName)) {
                Jdbc.ensureLockRow(dataSource, lockName);
                lockRows.add(lockName);
            }
            return Jdbc.inTransaction(dataSource, c -> {
                Jdbc.lock(c, lockName);
                prune(c, key, windowStart);
                long count;
                BigDecimal sum;
                // No upper bound on reserved_at: `now` was read before waiting for the lock, so a caller that read
                // the clock later (here or in another instance) may have reserved first; its slot must count.
                try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*), SUM(amount) FROM capfence_limit_reservation"
                        + " WHERE limit_key = ? AND reserved_at > ?")) {
                    p.setString(1, key);
                    Jdbc.setInstant(p, 2, windowStart);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        count = r.getLong(1);
                        sum = r.getBigDecimal(2) == null ? BigDecimal.ZERO : r.getBigDecimal(2);
                    }
                }
                boolean countOk = maxCount == null || count + 1 <= maxCount;
                boolean sumOk = maxSum == null || sum.add(add).compareTo(maxSum) <= 0;
                if (!countOk || !sumOk) {
                    return new ReserveResult.Refusal(key, count, plain(sum));
                }
                ReserveResult.Reservation reservation =
                        new ReserveResult.Reservation(UUID.randomUUID().toString(), key, at, add);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO capfence_limit_reservation"
                        + " (id, limit_key, reserved_at, amount) VALUES (?, ?, ?, ?)")) {
                    p.setString(1, reservation.id());
                    p.setString(2, key);
                    Jdbc.setInstant(p, 3, at);
                    p.setBigDecimal(4, add);
                    p.executeUpdate();
                }
                return reservation;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reserve a slot of limit " + key + ": " + e.getMessage(), e);
        }
    }

    /** Reservations at or before the window start can never count again (the clock only goes forward). */
    private static void prune(Connection c, String key, Instant windowStart) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM capfence_limit_reservation WHERE limit_key = ? AND reserved_at <= ?")) {
            p.setString(1, key);
            Jdbc.setInstant(p, 2, windowStart);
            p.executeUpdate();
        }
    }

    @Override
    public void release(ReserveResult.Reservation reservation) {
        try {
            Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM capfence_limit_reservation WHERE id = ?")) {
                    p.setString(1, reservation.id());
                    return p.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release reservation " + reservation.id() + ": " + e.getMessage(), e);
        }
    }

    /** The column's scale (12) removed: 30 rather than 30.000000000000. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
