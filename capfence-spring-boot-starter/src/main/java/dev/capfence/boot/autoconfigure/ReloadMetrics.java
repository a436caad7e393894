package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.reload.PolicyReloader;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code capfence.policy.reloads} (tag result = reloaded | rejected), read from the reloader's own counts. */
final class ReloadMetrics {

    ReloadMetrics(MeterRegistry registry, PolicyReloader reloader) {
        FunctionCounter.builder("capfence.policy.reloads", reloader, PolicyReloader::reloads)
                .description("Changed CapFence policies swapped in").tag("result", "reloaded").register(registry);
        FunctionCounter.builder("capfence.policy.reloads", reloader, PolicyReloader::failures)
                .description("Changed CapFence policies rejected as invalid").tag("result", "rejected")
                .register(registry);
    }
}
