package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.audit.Redaction;
import dev.capfence.store.jdbc.JdbcAuditSink;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit sink chosen by capfence.audit.type. Unset, it is a bounded chain in memory, so a new application sees
 * its decisions at /actuator/capfence/audit; with none, no sink bean exists and nothing is recorded.
 */
@Configuration(proxyBeanMethods = false)
class CapFenceAuditConfiguration {

    private static final Log LOG = LogFactory.getLog(CapFenceAuditConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "capfence.audit.type", havingValue = "memory", matchIfMissing = true)
    AuditSink capFenceMemoryAuditSink(CapFenceProperties properties) {
        CapFenceProperties.Audit audit = properties.getAudit();
        int max = audit.getMemory().getMaxRecords();
        if (max < 1) {
            throw new CapFenceConfigurationException("CapFence: capfence.audit.memory.max-records is " + max,
                    "Keep at least 1 record in memory, or set capfence.audit.type=none to record nothing.");
        }
        InMemoryAuditSink.Builder b = InMemoryAuditSink.builder().maxRecords(max)
                .redaction(Redaction.defaultsPlus(audit.getRedact()));
        AuditSigner signer = signer(audit);
        LOG.info("CapFence audit is in memory (the newest " + max + " records): it is not kept across restarts."
                + " Set capfence.audit.type=jsonl|jdbc to keep it, or none to record nothing.");
        return (signer != null ? b.signer(signer) : b).build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "capfence.audit.type", havingValue = "jsonl")
    AuditSink capFenceJsonlAuditSink(CapFenceProperties properties) {
        CapFenceProperties.Audit audit = properties.getAudit();
        JsonlAuditSink.Builder b = JsonlAuditSink.builder(Path.of(audit.getPath())).fsync(audit.isFsync())
                .redaction(Redaction.defaultsPlus(audit.getRedact()));
        AuditSigner signer = signer(audit);
        return (signer != null ? b.signer(signer) : b).open();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "capfence.audit.type", havingValue = "jdbc")
    AuditSink capFenceJdbcAuditSink(CapFenceProperties properties, ObjectProvider<DataSource> dataSource) {
        CapFenceProperties.Audit audit = properties.getAudit();
        JdbcAuditSink.Builder b = JdbcAuditSink.builder(
                        CapFenceStoreConfiguration.required(dataSource, "capfence.audit.type=jdbc"))
                .redaction(Redaction.defaultsPlus(audit.getRedact()));
        AuditSigner signer = signer(audit);
        return (signer != null ? b.signer(signer) : b).open();
    }

    private static AuditSigner signer(CapFenceProperties.Audit audit) {
        if (audit.getSigningKey() == null || audit.getSigningKey().isBlank()) {
            return null;
        }
        try {
            return AuditSigner.of(AuditKeys.readPrivateKey(Path.of(audit.getSigningKey())));
        } catch (IOException e) {
            throw new CapFenceConfigurationException("CapFence: cannot read capfence.audit.signing-key "
                    + audit.getSigningKey() + ": " + e.getMessage(),
                    "Point it at an Ed25519 private key in PEM (capfence keygen writes one).", e);
        }
    }
}
