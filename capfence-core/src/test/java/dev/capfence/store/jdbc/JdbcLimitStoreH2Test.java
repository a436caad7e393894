package dev.capfence.store.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** {@link JdbcLimitStore} on an embedded in-memory H2 database, a new one per test. */
class JdbcLimitStoreH2Test extends JdbcLimitStoreContract {

    private final String url = TestDatabases.h2().getURL();

    @Override
    DataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }
}
