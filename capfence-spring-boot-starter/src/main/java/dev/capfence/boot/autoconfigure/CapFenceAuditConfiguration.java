package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.audit.Redaction;
import dev.capfence.store.jdbc.JdbcAuditSink;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit sink chosen by capfence.audit.type; with none, no sink bean exists and nothing is recorded. */
@Configuration(proxyBeanMethods = false)
class CapFenceAuditConfiguration {

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
