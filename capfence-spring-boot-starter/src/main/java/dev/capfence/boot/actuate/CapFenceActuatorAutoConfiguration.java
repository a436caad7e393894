package dev.capfence.boot.actuate;

import dev.capfence.audit.AuditSink;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceProperties;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.engine.ActionRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import dev.capfence.boot.reload.PolicyReloader;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The capfence health indicator and actuator endpoint, each only when its actuator classes are present. */
@AutoConfiguration(after = CapFenceAutoConfiguration.class)
@ConditionalOnBean(ActionRuntime.class)
public class CapFenceActuatorAutoConfiguration {

    private static final String SECURITY = "org.springframework.security.core.Authentication";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("capfence")
    static class HealthConfiguration {

        // Bean name "capfenceHealthIndicator": the contributor is registered as "capfence".
        @Bean
        @ConditionalOnMissingBean(name = "capfenceHealthIndicator")
        HealthIndicator capfenceHealthIndicator(ActionRuntime runtime, ObjectProvider<AuditSink> sink,
                                                ObjectProvider<PolicyReloader> reloader) {
            ReadableAudit audit = AuditKind.readable(sink.getIfAvailable());
            return new CapFenceHealthIndicator(runtime, audit, StartupVerification.of(audit),
                    reloader.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(CapFenceEndpoint.class)
    static class EndpointConfiguration {

        // A listener, so it is passed to the runtime when that is built.
        @Bean
        DecisionCounts capFenceDecisionCounts() {
            return new DecisionCounts();
        }

        @Bean
        @ConditionalOnMissingBean(CapFenceEndpoint.class)
        @ConditionalOnClass(name = SECURITY)
        SecuredCapFenceEndpoint capFenceSecuredEndpoint(ActionRuntime runtime, ObjectProvider<AuditSink> sink,
                                                        DecisionCounts counts, CapFenceProperties properties,
                                                        ObjectProvider<ToolInventory> inventory) {
            return new SecuredCapFenceEndpoint(runtime, AuditKind.readable(sink.getIfAvailable()), counts,
                    redaction(properties), inventory.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean(CapFenceEndpoint.class)
        @ConditionalOnMissingClass(SECURITY)
        CapFenceEndpoint capFenceEndpoint(ActionRuntime runtime, ObjectProvider<AuditSink> sink,
                                          DecisionCounts counts, CapFenceProperties properties,
                                          ObjectProvider<ToolInventory> inventory) {
            return new CapFenceEndpoint(runtime, AuditKind.readable(sink.getIfAvailable()), counts, redaction(properties),
                    inventory.getIfAvailable());
        }

        // The audit's redaction, so pending approvals show no more than the audit does.
        private static Redaction redaction(CapFenceProperties properties) {
            return Redaction.defaultsPlus(properties.getAudit().getRedact());
        }
    }
}
