package dev.capfence.audit;

import java.time.Clock;
import java.util.Objects;

/**
 * What every audit sink is configured with — redaction, an optional signer and a clock — so the file, memory and
 * database sinks offer the same options the same way.
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract class AuditSinkBuilder<B extends AuditSinkBuilder<B>> {

    private Redaction redaction = Redaction.defaults();
    private AuditSigner signer;
    private Clock clock = Clock.systemUTC();

    protected AuditSinkBuilder() {
    }

    /** Payload and context keys replaced before hashing; {@link Redaction#defaults()} unless set. */
    public B redaction(Redaction redaction) {
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        return self();
    }

    /**
     * Sign the chain: one Ed25519 signature per group of records committed together, on the group's last record,
     * whose hash covers the others; null for none.
     */
    public B signer(AuditSigner signer) {
        this.signer = signer;
        return self();
    }

    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** What the builder holds, for the sink it builds. */
    public Redaction redaction() {
        return redaction;
    }

    public AuditSigner signer() {
        return signer;
    }

    public Clock clock() {
        return clock;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
