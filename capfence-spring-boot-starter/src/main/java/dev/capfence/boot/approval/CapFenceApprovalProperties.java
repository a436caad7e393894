package dev.capfence.boot.approval;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code capfence.approvals.sweep-interval} and {@code capfence.approvals.webhook.*}: how approvals reach people.
 * (The approval rules themselves, {@code capfence.approvals.timeout} and the rest, are in CapFenceProperties.)
 */
@ConfigurationProperties("capfence.approvals")
public class CapFenceApprovalProperties {

    /** How often pending approvals past their timeout are marked expired (with their audit record and event). */
    private Duration sweepInterval = Duration.ofMinutes(1);

    private final Webhook webhook = new Webhook();

    /** Where approval transitions are POSTed as JSON; off unless a url is set. */
    public static class Webhook {

        /** The receiver (an http or https URL); unset: no webhook. */
        private URI url;

        /** HMAC-SHA256 key for the X-CapFence-Signature header (sha256=hex over the body); unset: unsigned. */
        private String secret;

        /** Attempts per notice, the first included. */
        private int maxAttempts = 5;

        /** Wait before the first retry; doubles after each. */
        private Duration backoff = Duration.ofSeconds(1);

        /** Connect and response timeout of one attempt. */
        private Duration timeout = Duration.ofSeconds(5);

        public URI getUrl() { return url; }
        public void setUrl(URI url) { this.url = url; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getBackoff() { return backoff; }
        public void setBackoff(Duration backoff) { this.backoff = backoff; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }

    public Duration getSweepInterval() { return sweepInterval; }
    public void setSweepInterval(Duration sweepInterval) { this.sweepInterval = sweepInterval; }
    public Webhook getWebhook() { return webhook; }
}
