package dev.capfence.boot.actuate;

import dev.capfence.boot.CapFenceObserver;
import dev.capfence.engine.Verdict;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Decisions per kind since start, for the endpoint's summary; independent of Micrometer being present. */
final class DecisionCounts implements CapFenceObserver {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void decided(Verdict v) {
        String key = v.decision() != null ? v.decision().wireName() : "none";
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
