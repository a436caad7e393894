package dev.capfence.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcGrantStore} on a real PostgreSQL server, started once for the class; tests keep apart by key. */
class JdbcGrantStorePostgresTest extends JdbcGrantStoreContract {

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() {
        pg = TestDatabases.startPostgres();
    }

    @AfterAll
    static void stop() {
        TestDatabases.stop(pg);
    }

    @Override
    DataSource dataSource() {
        return pg.getPostgresDatabase();
    }
}
