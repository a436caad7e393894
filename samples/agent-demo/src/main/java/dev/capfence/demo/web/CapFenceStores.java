package dev.capfence.demo.web;

import dev.capfence.approval.ApprovalStore;
import dev.capfence.approval.GrantStore;
import dev.capfence.limit.LimitStore;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcGrantStore;
import dev.capfence.store.jdbc.JdbcLimitStore;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Approvals, grants and limit counters in an H2 file of their own next to the audit, so a restart keeps a pending
 * approval. Not in the shop's database: the agent's sql_query tool reaches that one, and must never read or change
 * who approved what. (An application with one database can use {@code capfence.store=jdbc} instead.)
 */
@Configuration(proxyBeanMethods = false)
class CapFenceStores implements DisposableBean {

    private final JdbcConnectionPool pool;

    CapFenceStores(@Value("${demo.audit-dir}") String auditDir) {
        String file = Path.of(auditDir).toAbsolutePath().resolve("capfence").toString();
        this.pool = JdbcConnectionPool.create("jdbc:h2:file:" + file, "sa", "");
    }

    @Bean
    ApprovalStore demoApprovalStore() {
        return JdbcApprovalStore.open(pool);
    }

    @Bean
    GrantStore demoGrantStore() {
        return JdbcGrantStore.open(pool);
    }

    @Bean
    LimitStore demoLimitStore() {
        return JdbcLimitStore.open(pool);
    }

    // Not a bean: a second DataSource bean would displace the shop's.
    @Override
    public void destroy() {
        pool.dispose();
    }
}
