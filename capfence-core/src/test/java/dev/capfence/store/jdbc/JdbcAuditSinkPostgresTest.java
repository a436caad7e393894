package dev.capfence.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcAuditSink} on a real PostgreSQL server, started once for the class; tests share its database and keep
 * apart by chain name. The database-down test stops a server of its own.
 */
class JdbcAuditSinkPostgresTest extends JdbcAuditSinkContract {

    private static EmbeddedPostgres pg;
    private EmbeddedPostgres disposable;

    @BeforeAll
    static void start() {
        pg = TestDatabases.startPostgres();
    }

    @AfterAll
    static void stop() {
        TestDatabases.stop(pg);
    }

    @AfterEach
    void stopDisposable() {
        TestDatabases.stop(disposable);
    }

    @Override
    DataSource dataSource() {
        return pg.getPostgresDatabase();
    }

    @Override
    DataSource startDisposableDatabase() {
        disposable = TestDatabases.startPostgres();
        return disposable.getPostgresDatabase();
    }

    @Override
    void stopDisposableDatabase() {
        TestDatabases.stop(disposable);
        disposable = null;
    }
}
