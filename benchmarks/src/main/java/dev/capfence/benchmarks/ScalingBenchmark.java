package dev.capfence.benchmarks;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision time against rule count: the {@link DecisionBenchmark} policy shape (40% deny with text and
 * regex, 30% approval on amounts, 30% allow) generated at 10, 1,000 and 10,000 rules, with one
 * capability per two rules so that finding a capability's rules is what grows. The events are the same
 * kinds as in {@link DecisionBenchmark}, plus one that changes capability on every call so the lookup
 * cannot stay on one warm entry. {@code benchmarks/plot-scaling.py} draws the JSON result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1) // parsing 10,000 rules leaves garbage: let its collections pass first
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"}) // one heap size for every rule count
public class ScalingBenchmark extends EventKinds {

    @Param({"10", "1000", "10000"})
    public int rules;

    private ActionEvent[] reads;
    private int nextRead;

    @Setup
    public void setUp() {
        Policy policy = Policy.parse(policy(rules), "scaling-" + rules + ".yaml");
        runtime = ActionRuntime.fromPolicy(policy);
        requireVerdict(shellDenied, Decision.DENY);
        requireVerdict(shellAllowed, Decision.ALLOW);
        requireVerdict(refundAllowed, Decision.ALLOW);
        requireVerdict(refundApproval, Decision.REQUIRE_APPROVAL);
        requireVerdict(unmatched, Decision.DENY);
        reads = new ActionEvent[readCapabilities(rules)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = ActionEvent.builder().actor("report-agent").capability("svc" + i + ".read")
                    .payload(Map.of("id", i)).build();
            requireVerdict(reads[i], Decision.ALLOW);
        }
    }

    // a benchmark that measures the wrong branch is worse than none
    private void requireVerdict(ActionEvent event, Decision expected) {
        Decision actual = runtime.evaluate(event).decision();
        if (actual != expected) {
            throw new IllegalStateException(event.capability() + " decided " + actual + ", expected " + expected);
        }
    }

    /**
     * {@code total} rules in the 50-rule proportions (20 deny : 15 approval : 15 allow) over
     * {@code total / 2} capabilities. The five rules the events hit are always present; the rest are
     * spread over {@code svcN.write} (deny, approval) and {@code svcN.read} (allow) capabilities.
     */
    static String policy(int total) {
        if (total < 10) {
            throw new IllegalArgumentException("at least 10 rules, got " + total);
        }
        int deny = total * 20 / 50;
        int approval = total * 15 / 50;
        int allow = total - deny - approval;
        int reads = readCapabilities(total);
        int writes = svcCapabilities(total) - reads;

        StringBuilder y = new StringBuilder("name: scaling-").append(total).append("\ndeny:\n");
        y.append("  - capability: shell.exec\n    match_keywords: [\"rm -rf\", \"mkfs\", \"dd if=\", \"chmod -R 777\"]\n");
        y.append("  - capability: shell.exec\n    match_regex: [\"curl\\\\s.*\\\\|\\\\s*(ba)?sh\"]\n");
        for (int i = 0; i < deny - 2; i++) {
            y.append("  - capability: svc").append(i % writes).append(".write\n    contains: \"forbidden-")
                    .append(i).append("\"\n");
        }
        y.append("require_approval:\n");
        y.append("  - capability: payments.refund\n    amount_gt: 1000\n");
        for (int i = 0; i < approval - 1; i++) {
            y.append("  - capability: svc").append(i % writes).append(".write\n    amount_gt: ")
                    .append(100 * (i + 1)).append('\n');
        }
        y.append("allow:\n");
        y.append("  - capability: payments.refund\n    amount_lte: 1000\n");
        y.append("  - capability: shell.exec\n    match_regex: [\"^(ls|pwd|git status)(\\\\s|$)\"]\n");
        for (int i = 0; i < allow - 2; i++) {
            y.append("  - capability: svc").append(i % reads).append(".read\n");
        }
        return y.toString();
    }

    private static int svcCapabilities(int total) {
        return total / 2 - 2; // shell.exec and payments.refund are the other two
    }

    private static int readCapabilities(int total) {
        return Math.max(1, svcCapabilities(total) * 3 / 10);
    }

    /** Each call a different capability, round the policy's read capabilities (1,499 at 10,000 rules). */
    @Benchmark
    public Verdict allowRotatingCapabilities() {
        int i = nextRead;
        nextRead = i + 1 == reads.length ? 0 : i + 1;
        return runtime.evaluate(reads[i]);
    }
}
