package dev.capfence.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The databases the JDBC store tests run on: a fresh in-memory H2, and a real PostgreSQL server. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** A new, empty in-memory H2 database, kept until the JVM ends; row locks wait up to 10 s. */
    static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:capfence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        ds.setUser("sa");
        return ds;
    }

    /** Starts a PostgreSQL server (binaries from the zonky Maven artifacts) and reports how long it took. */
    static EmbeddedPostgres startPostgres() {
        long start = System.nanoTime();
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            System.out.printf("embedded PostgreSQL started in %d ms on port %d%n",
                    (System.nanoTime() - start) / 1_000_000, pg.getPort());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void stop(EmbeddedPostgres pg) {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version {@code capfence_schema_version} records for a component, or -1 when none. */
    static int schemaVersion(DataSource ds, String component) {
        try (Connection c = ds.getConnection();
             java.sql.PreparedStatement p = c.prepareStatement(
                     "SELECT version FROM capfence_schema_version WHERE component = ?")) {
            p.setString(1, component);
            try (java.sql.ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name no other test uses, so tests can share one PostgreSQL database. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
