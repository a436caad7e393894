package dev.capfence.boot.approval;

import dev.capfence.audit.Redaction;
import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceProperties;
import dev.capfence.engine.ActionRuntime;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Approval notifications and expiry: an {@link ApprovalEvent} per transition (an {@code ApprovalObserver} bean that
 * CapFence's runtime bean is built with; an application that builds its own runtime passes every
 * {@code ApprovalObserver} bean to {@code observeApprovals}), the optional webhook, and the expiry sweep.
 */
@AutoConfiguration(after = CapFenceAutoConfiguration.class)
@ConditionalOnBean(ActionRuntime.class)
@EnableConfigurationProperties(CapFenceApprovalProperties.class)
public class CapFenceApprovalAutoConfiguration {

    // An ApprovalObserver bean: CapFence's runtime bean is built with every one.
    @Bean
    @ConditionalOnMissingBean
    ApprovalEventPublisher capFenceApprovalEventPublisher(ApplicationEventPublisher publisher) {
        return new ApprovalEventPublisher(publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    ApprovalDecisions capFenceApprovalDecisions(ActionRuntime runtime) {
        return new ApprovalDecisions(runtime);
    }

    @Bean
    @ConditionalOnMissingBean
    ApprovalSweep capFenceApprovalSweep(ActionRuntime runtime, CapFenceApprovalProperties properties) {
        Duration interval = properties.getSweepInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new CapFenceConfigurationException("CapFence: capfence.approvals.sweep-interval must be positive, "
                    + "not " + interval, "Set it to a duration such as 30s or 1m (the default).", null);
        }
        return new ApprovalSweep(runtime, interval);
    }

    @Bean
    @ConditionalOnProperty("capfence.approvals.webhook.url")
    @ConditionalOnMissingBean
    ApprovalWebhook capFenceApprovalWebhook(CapFenceApprovalProperties properties, CapFenceProperties capfence) {
        CapFenceApprovalProperties.Webhook w = properties.getWebhook();
        URI url = w.getUrl();
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new CapFenceConfigurationException("CapFence: capfence.approvals.webhook.url must be an http or "
                    + "https URL, not " + url, "Set a full URL such as https://hooks.example.com/capfence.", null);
        }
        if (w.getMaxAttempts() < 1 || w.getBackoff() == null || w.getBackoff().isNegative()
                || w.getTimeout() == null || w.getTimeout().isNegative() || w.getTimeout().isZero()) {
            throw new CapFenceConfigurationException("CapFence: capfence.approvals.webhook needs max-attempts of at "
                    + "least 1, a backoff of zero or more and a positive timeout", "Fix or remove them.", null);
        }
        CapFenceProperties.Console console = capfence.getConsole();
        String base = console.getBaseUrl() == null ? "" : console.getBaseUrl().replaceAll("/+$", "");
        return new ApprovalWebhook(url, w.getSecret(), w.getMaxAttempts(), w.getBackoff(), w.getTimeout(),
                base + console.getPath(), Redaction.defaultsPlus(capfence.getAudit().getRedact()));
    }
}
