package dev.capfence.benchmarks;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The kinds of event the decision benchmarks decide, one benchmark each, against whatever policy a subclass
 * compiles into {@link #runtime} (50 rules, or a rule count that grows).
 */
public abstract class EventKinds {

    protected ActionRuntime runtime;
    protected final ActionEvent shellDenied = ActionEvent.create("ops-agent", "shell", "exec", "production",
            Map.of("command", "rm -rf /var/lib/postgresql"));
    protected final ActionEvent shellAllowed = ActionEvent.create("ops-agent", "shell", "exec", "production",
            Map.of("command", "git status"));
    protected final ActionEvent refundAllowed = ActionEvent.builder().actor("support-agent")
            .capability("payments.refund").payload(Map.of("amount", 50, "customer", "cus_123")).build();
    protected final ActionEvent refundApproval = ActionEvent.builder().actor("support-agent")
            .capability("payments.refund").payload(Map.of("amount", 5000, "customer", "cus_123")).build();
    protected final ActionEvent unmatched = ActionEvent.builder().actor("ops-agent").capability("mail.send")
            .payload(Map.of("to", "a@example.com")).build();

    @Benchmark
    public Verdict denyShellCommand() {
        return runtime.evaluate(shellDenied);
    }

    @Benchmark
    public Verdict allowShellCommand() {
        return runtime.evaluate(shellAllowed);
    }

    @Benchmark
    public Verdict allowSmallRefund() {
        return runtime.evaluate(refundAllowed);
    }

    @Benchmark
    public Verdict approvalLargeRefund() {
        return runtime.evaluate(refundApproval);
    }

    @Benchmark
    public Verdict defaultDenyUnmatched() {
        return runtime.evaluate(unmatched);
    }
}
