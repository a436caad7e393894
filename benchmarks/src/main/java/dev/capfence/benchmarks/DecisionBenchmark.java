package dev.capfence.benchmarks;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision against a 50-rule policy: 20 deny rules (text and regex), 15 approval rules (amounts),
 * 15 allow rules, spread over 25 capabilities. Each benchmark decides one kind of event.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark extends EventKinds {

    @Setup
    public void setUp() {
        runtime = ActionRuntime.fromPolicy(Policy.parse(fiftyRulePolicy(), "benchmark.yaml"));
    }

    static String fiftyRulePolicy() {
        StringBuilder y = new StringBuilder("name: benchmark\ndeny:\n");
        y.append("  - capability: shell.exec\n    match_keywords: [\"rm -rf\", \"mkfs\", \"dd if=\", \"chmod -R 777\"]\n");
        y.append("  - capability: shell.exec\n    match_regex: [\"curl\\\\s.*\\\\|\\\\s*(ba)?sh\"]\n");
        for (int i = 0; i < 18; i++) {
            y.append("  - capability: svc").append(i).append(".write\n    contains: \"forbidden-").append(i).append("\"\n");
        }
        y.append("require_approval:\n");
        y.append("  - capability: payments.refund\n    amount_gt: 1000\n");
        for (int i = 0; i < 14; i++) {
            y.append("  - capability: svc").append(i).append(".write\n    amount_gt: ").append(100 * (i + 1)).append('\n');
        }
        y.append("allow:\n");
        y.append("  - capability: payments.refund\n    amount_lte: 1000\n");
        y.append("  - capability: shell.exec\n    match_regex: [\"^(ls|pwd|git status)(\\\\s|$)\"]\n");
        for (int i = 0; i < 13; i++) {
            y.append("  - capability: svc").append(i).append(".read\n");
        }
        return y.toString();
    }
}
