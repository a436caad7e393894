package dev.capfence.store.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcGrantStore} on an embedded in-memory H2 database, a new one per test. */
class JdbcGrantStoreH2Test extends JdbcGrantStoreContract {

    private final String url = TestDatabases.h2().getURL();

    @Override
    DataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }
}
