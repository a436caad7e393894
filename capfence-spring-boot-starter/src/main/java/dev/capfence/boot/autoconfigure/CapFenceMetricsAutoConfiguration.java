package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.reload.PolicyReloader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** CapFence meters, when Micrometer is present and the application has a MeterRegistry. */
// After Boot's registry auto-configuration, so that @ConditionalOnBean sees the registry it defines.
@AutoConfiguration(after = CapFenceAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "capfence.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class CapFenceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DecisionMetrics.class)
    DecisionMetrics capFenceDecisionMetrics(MeterRegistry registry) {
        return new DecisionMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(DecisionObservation.class)
    DecisionObservation capFenceDecisionObservation(ObservationRegistry registry) {
        return new DecisionObservation(registry);
    }

    @Bean
    @ConditionalOnBean(PolicyReloader.class)
    ReloadMetrics capFenceReloadMetrics(MeterRegistry registry, PolicyReloader reloader) {
        return new ReloadMetrics(registry, reloader);
    }
}
