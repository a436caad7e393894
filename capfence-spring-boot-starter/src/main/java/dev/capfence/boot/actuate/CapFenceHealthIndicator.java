package dev.capfence.boot.actuate;

import dev.capfence.audit.VerifyResult;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the policy is loaded and the audit chain verified at startup; DOWN with the reason otherwise. */
final class CapFenceHealthIndicator implements HealthIndicator {

    private final ActionRuntime runtime;
    private final AuditChain chain;
    private final StartupVerification verification;

    CapFenceHealthIndicator(ActionRuntime runtime, AuditChain chain, StartupVerification verification) {
        this.runtime = runtime;
        this.chain = chain;
        this.verification = verification;
    }

    @Override
    public Health health() {
        Policy policy = runtime.policy();
        if (policy == null) {
            return Health.down().withDetail("reason", "no policy loaded").build();
        }
        Health.Builder b = Health.up().withDetail("policy_sha256", policy.sha256())
                .withDetail("rules", policy.ruleCount()).withDetail("mode", policy.mode().wireName());
        if (chain != null) {
            b.withDetail("audit", chain.kind());
            VerifyResult r = verification.result();
            if (r != null) {
                b.withDetail("audit_records_at_start", r.records());
                if (r.headHash() != null) {
                    b.withDetail("audit_head_at_start", r.headHash());
                }
            }
        }
        if (verification.problem() != null) {
            b.down().withDetail("reason", verification.problem());
        }
        return b.build();
    }
}
