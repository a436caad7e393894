package dev.capfence.replay;

import java.util.List;
import java.util.Map;

/**
 * Every replayed decision in log order, and the count of each changed transition ({@code allow -> deny: 3});
 * unchanged decisions are counted by {@link #unchanged()}, not in {@code totals}.
 */
public record ReplayReport(List<ReplayedDecision> decisions, Map<Transition, Long> totals) {

    public ReplayReport {
        decisions = List.copyOf(decisions);
    }

    public long total() {
        return decisions.size();
    }

    public long changed() {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    public long unchanged() {
        return total() - changed();
    }

    public List<ReplayedDecision> changedDecisions() {
        return decisions.stream().filter(ReplayedDecision::changed).toList();
    }

    /** Replayed on a payload with redacted values: the replayed decision may not be the real one. */
    public long redacted() {
        return decisions.stream().filter(d -> d.recorded().redacted()).count();
    }
}
