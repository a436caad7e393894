package dev.capfence.benchmarks;

import dev.capfence.approval.InMemoryApprovalStore;
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
 * {@code execute} of a refund that needs approval, each one a new request: the action's digest, the event written
 * for the approver, an id and the store entry — what {@code capfence check} pays for every such event. The store
 * keeps 4,096 approvals, as check's does; the events cycle through many more, so none finds a pending one.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApprovalRequestBenchmark {

    private static final int EVENTS = 1 << 16;

    private ActionRuntime runtime;
    private ActionEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        Policy policy = Policy.parse("""
                require_approval:
                  - capability: payments.refund
                    amount_gt: 1000
                """, "approvals.yaml");
        runtime = ActionRuntime.builder().policy(policy).approvalStore(new InMemoryApprovalStore(4096)).build();
        events = new ActionEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = ActionEvent.builder().id("refund-" + i).actor("support-agent").capability("payments.refund")
                    .payload(Map.of("amount", 1001 + i, "merchant_id", "m_" + i % 500)).build();
        }
    }

    @Benchmark
    public Verdict newApprovalRequest() {
        ActionEvent e = events[next];
        next = (next + 1) & (EVENTS - 1);
        return runtime.execute(e);
    }
}
