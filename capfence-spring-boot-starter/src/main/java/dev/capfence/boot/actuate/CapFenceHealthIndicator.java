package dev.capfence.boot.actuate;

import dev.capfence.audit.VerifyResult;
import dev.capfence.boot.reload.PolicyReloader;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the policy is loaded, the audit chain verified at startup and (with reload on) the policy on disk is
 * the one in force; DOWN with the reason otherwise.
 */
final class CapFenceHealthIndicator implements HealthIndicator {

    private final ActionRuntime runtime;
    private final AuditChain chain;
    private final StartupVerification verification;
    private final PolicyReloader reloader;

    CapFenceHealthIndicator(ActionRuntime runtime, AuditChain chain, StartupVerification verification,
                            PolicyReloader reloader) {
        this.runtime = runtime;
        this.chain = chain;
        this.verification = verification;
        this.reloader = reloader;
    }

    @Override
    public Health health() {
        Policy policy = runtime.policy(); // never null: a runtime cannot be built or reloaded without one
        Health.Builder b = Health.up().withDetail("policy_sha256", policy.sha256())
                .withDetail("rules", policy.ruleCount()).withDetail("mode", runtime.mode().wireName());
        if (reloader != null && reloader.lastReload() != null) {
            b.withDetail("policy_reloaded_at", reloader.lastReload().toString());
        }
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
        } else if (reloader != null && reloader.problem() != null) {
            // Still enforcing the last good policy, but not the one on disk: someone has to look.
            b.down().withDetail("reason", "the changed policy was rejected; the previous one stays in force")
                    .withDetail("policy_error", reloader.problem());
        }
        return b.build();
    }
}
