package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import dev.capfence.approval.ApprovalStore;
import dev.capfence.approval.GrantStore;
import dev.capfence.approval.InMemoryApprovalStore;
import dev.capfence.approval.InMemoryGrantStore;
import dev.capfence.limit.InMemoryLimitStore;
import dev.capfence.limit.LimitStore;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcGrantStore;
import dev.capfence.store.jdbc.JdbcLimitStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Approval, grant and limit stores: in memory by default, in the application's DataSource with store=jdbc. */
final class CapFenceStoreConfiguration {

    private CapFenceStoreConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "capfence.store", havingValue = "memory", matchIfMissing = true)
    static class Memory {

        @Bean
        @ConditionalOnMissingBean
        ApprovalStore capFenceApprovalStore() {
            return new InMemoryApprovalStore();
        }

        @Bean
        @ConditionalOnMissingBean
        GrantStore capFenceGrantStore() {
            return new InMemoryGrantStore();
        }

        @Bean
        @ConditionalOnMissingBean
        LimitStore capFenceLimitStore() {
            return new InMemoryLimitStore();
        }
    }

    /** store=jdbc without a DataSource fails startup: silently keeping state per process would be worse. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "capfence.store", havingValue = "jdbc")
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean
        ApprovalStore capFenceApprovalStore(ObjectProvider<DataSource> dataSource) {
            return JdbcApprovalStore.open(required(dataSource, "capfence.store=jdbc"));
        }

        @Bean
        @ConditionalOnMissingBean
        GrantStore capFenceGrantStore(ObjectProvider<DataSource> dataSource) {
            return JdbcGrantStore.open(required(dataSource, "capfence.store=jdbc"));
        }

        @Bean
        @ConditionalOnMissingBean
        LimitStore capFenceLimitStore(ObjectProvider<DataSource> dataSource) {
            return JdbcLimitStore.open(required(dataSource, "capfence.store=jdbc"));
        }
    }

    static DataSource required(ObjectProvider<DataSource> dataSource, String property) {
        DataSource ds = dataSource.getIfUnique();
        if (ds == null) {
            throw new CapFenceConfigurationException("CapFence: " + property + " needs exactly one DataSource bean",
                    "Define a DataSource (spring.datasource.*) or mark one @Primary, or use capfence.store=memory.",
                    null);
        }
        return ds;
    }
}
