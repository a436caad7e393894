package dev.capfence.store.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcAuditSink} on an embedded in-memory H2 database, a new one per test. */
class JdbcAuditSinkH2Test extends JdbcAuditSinkContract {

    private final JdbcDataSource h2 = TestDatabases.h2();
    private JdbcDataSource disposable;

    @Override
    DataSource dataSource() {
        return h2;
    }

    @Override
    DataSource startDisposableDatabase() {
        disposable = TestDatabases.h2();
        return disposable;
    }

    /** Shuts the database down; IFEXISTS then stops the data source from silently creating an empty one. */
    @Override
    void stopDisposableDatabase() {
        TestDatabases.execute(disposable, "SHUTDOWN");
        disposable.setURL(disposable.getURL().replace("DB_CLOSE_DELAY=-1", "IFEXISTS=TRUE"));
    }
}
