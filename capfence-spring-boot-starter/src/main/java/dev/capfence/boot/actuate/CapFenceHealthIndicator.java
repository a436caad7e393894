package dev.capfence.boot.actuate;

import dev.capfence.audit.AuditHead;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.VerifyResult;
import dev.capfence.boot.reload.PolicyReloader;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the policy is loaded, the audit chain is intact and (with reload on) the policy on disk is the one in
 * force; DOWN with the reason otherwise. A file or database chain is verified once at startup (re-reading it on
 * every probe would be slow); the bounded in-memory chain, empty at startup, is verified on a probe whenever it
 * has grown since the last one — its bound caps the cost (about a quarter of a second for 10,000 records).
 */
final class CapFenceHealthIndicator implements HealthIndicator {

    private final ActionRuntime runtime;
    private final ReadableAudit audit;
    private final StartupVerification verification;
    private final PolicyReloader reloader;
    private volatile Verified lastLive; // the in-memory chain's last verification, reused while its head stays

    private record Verified(AuditHead head, VerifyResult result) {
    }

    CapFenceHealthIndicator(ActionRuntime runtime, ReadableAudit audit, StartupVerification verification,
                            PolicyReloader reloader) {
        this.runtime = runtime;
        this.audit = audit;
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
        String auditProblem = verification.problem();
        if (audit != null) {
            b.withDetail("audit", AuditKind.of(audit));
            if (audit instanceof InMemoryAuditSink) {
                auditProblem = liveVerification(b);
            } else {
                VerifyResult r = verification.result();
                if (r != null) {
                    b.withDetail("audit_records_at_start", r.records());
                    if (r.headHash() != null) {
                        b.withDetail("audit_head_at_start", r.headHash());
                    }
                }
            }
        }
        if (auditProblem != null) {
            b.down().withDetail("reason", auditProblem);
        } else if (reloader != null && reloader.problem() != null) {
            // Still enforcing the last good policy, but not the one on disk: someone has to look.
            b.down().withDetail("reason", "the changed policy was rejected; the previous one stays in force")
                    .withDetail("policy_error", reloader.problem());
        }
        return b.build();
    }

    private String liveVerification(Health.Builder b) {
        try {
            AuditHead head = audit.head();
            Verified last = lastLive;
            VerifyResult r;
            if (last != null && last.head().equals(head)) {
                r = last.result();
            } else {
                r = audit.verify();
                lastLive = new Verified(head, r);
            }
            b.withDetail("audit_records", r.records()).withDetail("audit_head", r.headHash());
            if (r.anchored()) {
                b.withDetail("audit_first_seq", r.firstSeq()); // older records were dropped to stay bounded
            }
            return r.intact() ? null : r.problem();
        } catch (RuntimeException e) {
            return "audit chain unreadable: " + e.getMessage();
        }
    }
}
