package dev.capfence.boot.actuate;

import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.VerifyResult;

/**
 * The audit chain verified once when the application starts: re-reading a large log on every health probe would
 * be slow, and records written since then were chained by this process. {@code problem} is set when the chain is
 * broken or could not be read; {@code result} is null without a readable chain.
 */
record StartupVerification(VerifyResult result, String problem) {

    static StartupVerification of(ReadableAudit audit) {
        if (audit == null) {
            return new StartupVerification(null, null);
        }
        try {
            VerifyResult r = audit.verify();
            return new StartupVerification(r, r.intact() ? null : r.problem());
        } catch (RuntimeException e) {
            return new StartupVerification(null, "audit chain unreadable: " + e.getMessage());
        }
    }
}
