package dev.capfence.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain-JDBC plumbing shared by the stores: one transaction per unit of work, and the schema migration. The SQL the
 * stores use is kept to what H2 and PostgreSQL both accept ({@code CREATE TABLE IF NOT EXISTS}, {@code SELECT … FOR
 * UPDATE}, {@code BIGINT}, {@code VARCHAR}, {@code TEXT}), so one code path serves both.
 */
final class Jdbc {

    /** Work done on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Creates the tables of one component when missing and records its schema version. Two instances starting at
     * once on PostgreSQL can both try to create the same table and one fails (a unique violation in the catalog),
     * so a failed attempt is retried: the second time the tables exist and nothing is created.
     *
     * @param component names the component in {@code capfence_schema_version}
     * @param version   the schema version this code writes; a database at a newer version is refused
     * @param ddl       {@code CREATE … IF NOT EXISTS} statements, idempotent
     */
    static void migrate(DataSource dataSource, String component, int version, List<String> ddl) throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                inTransaction(dataSource, c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS capfence_schema_version ("
                                + "component VARCHAR(64) NOT NULL PRIMARY KEY, version INT NOT NULL)");
                        for (String statement : ddl) {
                            s.execute(statement);
                        }
                    }
                    int found = schemaVersion(c, component);
                    if (found > version) {
                        throw new SQLException("the database holds " + component + " schema version " + found
                                + ", newer than this code's " + version);
                    }
                    if (found < 0) {
                        try (PreparedStatement p = c.prepareStatement(
                                "INSERT INTO capfence_schema_version (component, version) VALUES (?, ?)")) {
                            p.setString(1, component);
                            p.setInt(2, version);
                            p.executeUpdate();
                        }
                    }
                    // found in [0, version): a later version would add its ALTERs here and update the row.
                    return null;
                });
                return;
            } catch (SQLException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    /** The recorded schema version of a component, or -1 when none is recorded. */
    private static int schemaVersion(Connection c, String component) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM capfence_schema_version WHERE component = ?")) {
            p.setString(1, component);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : -1;
            }
        }
    }

    /** A table of named rows that exist only to be locked ({@code SELECT … FOR UPDATE}) around a unit of work. */
    static final String LOCK_TABLE_DDL =
            "CREATE TABLE IF NOT EXISTS capfence_lock (name VARCHAR(1000) NOT NULL PRIMARY KEY)";

    /**
     * Makes sure the lock row {@code name} exists, in a transaction of its own: when two instances insert it at once,
     * one fails on the primary key (on PostgreSQL that aborts the transaction, so it must not be the caller's).
     */
    static void ensureLockRow(DataSource dataSource, String name) throws SQLException {
        try {
            inTransaction(dataSource, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO capfence_lock (name) SELECT ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM capfence_lock WHERE name = ?)")) {
                    p.setString(1, name);
                    p.setString(2, name);
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            if (!lockRowExists(dataSource, name)) {
                throw e; // not the lost race: a real failure
            }
        }
    }

    private static boolean lockRowExists(DataSource dataSource, String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT 1 FROM capfence_lock WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Within a transaction: waits for and holds the lock row {@code name} until commit or rollback. */
    static void lock(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM capfence_lock WHERE name = ? FOR UPDATE")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("lock row '" + name + "' is missing");
                }
            }
        }
    }

    /**
     * Instants go to {@code TIMESTAMP WITH TIME ZONE} columns, which keep microseconds on PostgreSQL; truncating
     * first makes what is compared and read back the same on every database.
     */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement p, int index, Instant instant) throws SQLException {
        if (instant == null) {
            p.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet r, String column) throws SQLException {
        OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
