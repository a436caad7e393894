package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceObserver;

import dev.capfence.engine.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Records {@code capfence.decisions} (tags decision, capability, reason_code) and {@code capfence.evaluation}
 * (the policy evaluation time the verdict carries, tag decision). Cardinality: capability values come from the
 * policy and the {@code @GatedAction} annotations, reason codes from a fixed set, so both stay bounded unless an
 * application builds capability names from request data.
 */
final class DecisionMetrics implements CapFenceObserver {

    private static final String NONE = "none";

    private final MeterRegistry registry;

    DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void decided(Verdict v) {
        String decision = v.decision() != null ? v.decision().wireName() : NONE;
        Counter.builder("capfence.decisions").description("CapFence decisions recorded by the runtime")
                .tag("decision", decision)
                .tag("capability", v.capability() != null ? v.capability() : NONE)
                .tag("reason_code", v.reasonCode() != null ? v.reasonCode().wireName() : NONE)
                .register(registry).increment();
        Timer.builder("capfence.evaluation").description("Time spent evaluating the policy for one action")
                .tag("decision", decision)
                .register(registry).record(v.evaluationNanos(), TimeUnit.NANOSECONDS);
    }
}
