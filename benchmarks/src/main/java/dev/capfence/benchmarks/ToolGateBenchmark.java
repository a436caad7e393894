package dev.capfence.benchmarks;

import dev.capfence.ai.tool.CapFenceAiProperties;
import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.RefusalHandler;
import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.gate.GatedCalls;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import java.util.List;
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
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.core.env.StandardEnvironment;

/**
 * What gating adds to a Spring AI tool call: the tool input JSON read into a payload, the event built, the policy
 * decision, the tool run as the executor. The tool itself does nothing, so the figures are the gate's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ToolGateBenchmark {

    private static final String POLICY = """
            deny:
              - capability: tool.refund
                amount_gt: 10000
            require_approval:
              - capability: tool.refund
                amount_gt: 1000
            allow:
              - capability: tool.refund
            """;
    private static final String SMALL_REFUND = "{\"customer\":\"c-42\",\"amount\":50,\"note\":\"late delivery\"}";
    private static final String LARGE_REFUND = "{\"customer\":\"c-42\",\"amount\":50000,\"note\":\"late delivery\"}";

    private ToolCallback plain;
    private ToolCallback gated;

    @Setup
    public void setUp() {
        ActionRuntime runtime = ActionRuntime.fromPolicy(Policy.parse(POLICY, "tools.yaml"));
        ActorResolver actors = new ActorResolver(List.of(), "agent");
        EnvironmentResolver environment = new EnvironmentResolver("prod", new StandardEnvironment());
        GatedCalls calls = new GatedCalls(() -> runtime, () -> actors, () -> environment, List::of,
                RefusalHandler::byDefault, List::of);
        ToolGate gate = new ToolGate(calls, () -> runtime, new CapFenceAiProperties(), List.of(), null);
        plain = new NoopTool();
        gated = GatedToolCallback.of(plain, gate);
    }

    @Benchmark
    public String ungatedCall() {
        return plain.call(SMALL_REFUND);
    }

    @Benchmark
    public String gatedAllowedCall() {
        return gated.call(SMALL_REFUND);
    }

    @Benchmark
    public String gatedDeniedCall() {
        return gated.call(LARGE_REFUND);
    }

    /** A tool that does nothing, so only the gate is measured. */
    static final class NoopTool implements ToolCallback {
        private final ToolDefinition definition = ToolDefinition.builder().name("refund")
                .description("refunds a customer").inputSchema("{\"type\":\"object\"}").build();

        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(String toolInput) {
            return "ok";
        }
    }
}
