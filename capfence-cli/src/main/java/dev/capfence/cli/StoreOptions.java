package dev.capfence.cli;

import dev.capfence.approval.ApprovalException;
import dev.capfence.approval.ApprovalSettings;
import dev.capfence.approval.Approvals;
import dev.capfence.audit.AuditSink;
import dev.capfence.policy.Policy;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcAuditSink;
import dev.capfence.store.jdbc.JdbcGrantStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/**
 * The database options every {@code capfence approvals} command takes, and the {@link Approvals} built on them —
 * the same class the runtime uses, so the CLI applies exactly the runtime's rules.
 */
final class StoreOptions {

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "The database the application's JDBC stores use (jdbc:postgresql://host/db, jdbc:h2:file:/path/db).")
    String url;

    @Option(names = "--user", paramLabel = "U", description = "Database user.")
    String user;

    // The environment variable keeps the password out of the process list and the shell history.
    @Option(names = "--password", paramLabel = "P", defaultValue = "${env:CAPFENCE_DB_PASSWORD}",
            description = "Database password; default: the CAPFENCE_DB_PASSWORD environment variable (preferred: "
                    + "a command-line argument is visible to other users of the machine).")
    String password;

    @Option(names = "--audit-chain", paramLabel = "NAME",
            description = "Also record each approve, reject, grant and revoke in this audit chain of the same database "
                    + "(the chainName of the application's JdbcAuditSink). Not recorded unless given.")
    String auditChain;

    DataSource dataSource() {
        return new UrlDataSource(url, user, password);
    }

    JdbcApprovalStore approvalStore() {
        return open(() -> JdbcApprovalStore.open(dataSource()));
    }

    /**
     * Approvals on the JDBC stores. With a policy, its {@code approval} settings (approvers …) apply; without one
     * (grant, revoke) the defaults, which those operations do not consult.
     */
    Approvals approvals(Policy policy) {
        ApprovalSettings settings = policy == null ? ApprovalSettings.DEFAULTS
                : ApprovalSettings.DEFAULTS.withPolicyBlock(policy.approvalSettings());
        return open(() -> {
            DataSource ds = dataSource();
            AuditSink audit = auditChain == null ? null : JdbcAuditSink.builder(ds).chainName(auditChain).open();
            return new Approvals(JdbcApprovalStore.open(ds), JdbcGrantStore.open(ds), settings, Clock.systemUTC(), audit);
        });
    }

    /**
     * Runs a database call; a failure (unreachable, no driver, bad credentials) is a usage-level failure, exit 2.
     * A refusal by the rules ({@link ApprovalException}) passes through for the command to report.
     */
    <T> T open(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApprovalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CliFailure("capfence: cannot use the store at " + url + ": " + e.getMessage());
        }
    }

    /** Just enough of a DataSource for the stores: a new DriverManager connection each time (a CLI makes a few). */
    /** A class, not a record: a record's toString would print the password. */
    private static final class UrlDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        UrlDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
