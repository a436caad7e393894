package dev.capfence.benchmarks.peers;

import static dev.capfence.benchmarks.peers.RefundPolicy.AGENT;
import static dev.capfence.benchmarks.peers.RefundPolicy.ALLOWED_AMOUNT;
import static dev.capfence.benchmarks.peers.RefundPolicy.DENIED_AMOUNT;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.casbin.jcasbin.main.Enforcer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The same refund decision ({@link RefundPolicy}: agent-1 may refund up to 1000) made by CapFence and by its
 * peers, each allowing 250 and denying 5000: CapFence's engine (no audit; an in-memory chain; a JSONL file without
 * fsync), CapFence's {@code @GatedAction} gate in a Spring context (no audit; the starter's in-memory chain),
 * jCasbin, SAPL's embedded PDP and Spring Security's {@code @PreAuthorize}. The engine, jCasbin and SAPL decide a
 * request built once; the two Spring gates build theirs from the call, as an application's calls do. Refusals of the
 * Spring gates are exceptions, caught and returned, since that is what a refused call costs there. Each peer is its
 * own state, so a benchmark starts only the peer it measures.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeersBenchmark {

    @State(Scope.Benchmark)
    public static class Events {
        final ActionEvent allowed = RefundPolicy.event(AGENT, ALLOWED_AMOUNT);
        final ActionEvent denied = RefundPolicy.event(AGENT, DENIED_AMOUNT);
    }

    @State(Scope.Benchmark)
    public static class Engine {
        ActionRuntime runtime;

        @Setup
        public void setUp() {
            runtime = RefundPolicy.capFence(null);
        }
    }

    @State(Scope.Benchmark)
    public static class MemoryAuditedEngine {
        ActionRuntime runtime;

        @Setup
        public void setUp() {
            // bounded as the starter bounds it, so a long run measures appending, not a growing heap
            runtime = RefundPolicy.capFence(InMemoryAuditSink.builder().maxRecords(10_000).build());
        }
    }

    @State(Scope.Benchmark)
    public static class JsonlAuditedEngine {
        private Path dir;
        private JsonlAuditSink sink;
        ActionRuntime runtime;

        @Setup
        public void createDirectory() throws IOException {
            dir = Files.createTempDirectory("capfence-peers");
        }

        /** A fresh log each iteration, so the file stays small. */
        @Setup(Level.Iteration)
        public void open() {
            sink = JsonlAuditSink.builder(dir.resolve("audit.jsonl")).fsync(false).open();
            runtime = RefundPolicy.capFence(sink);
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            sink.close();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }

        @TearDown
        public void deleteDirectory() throws IOException {
            Files.deleteIfExists(dir);
        }
    }

    /** A Spring context; the principal both Spring gates read is set on the thread that measures. */
    public abstract static class SpringPeer {
        ConfigurableApplicationContext context;

        @Setup(Level.Iteration)
        public void authenticate() {
            SecurityContextHolder.getContext().setAuthentication(RefundPolicy.authentication(AGENT));
        }

        @TearDown
        public void close() {
            context.close();
            SecurityContextHolder.clearContext();
        }
    }

    @State(Scope.Benchmark)
    public static class Gate extends SpringPeer {
        GatedRefunds refunds;

        @Setup
        public void start() {
            context = SpringApps.capFence(false);
            refunds = context.getBean(GatedRefunds.class);
        }
    }

    @State(Scope.Benchmark)
    public static class AuditedGate extends SpringPeer {
        GatedRefunds refunds;

        @Setup
        public void start() {
            context = SpringApps.capFence(true);
            refunds = context.getBean(GatedRefunds.class);
        }
    }

    @State(Scope.Benchmark)
    public static class SpringSecurity extends SpringPeer {
        SecuredRefunds refunds;

        @Setup
        public void start() {
            context = SpringApps.springSecurity();
            refunds = context.getBean(SecuredRefunds.class);
        }
    }

    @State(Scope.Benchmark)
    public static class Casbin {
        final Object[] allowed = RefundPolicy.casbinRequest(AGENT, ALLOWED_AMOUNT);
        final Object[] denied = RefundPolicy.casbinRequest(AGENT, DENIED_AMOUNT);
        Enforcer enforcer;

        @Setup
        public void setUp() {
            enforcer = RefundPolicy.casbin();
        }
    }

    @State(Scope.Benchmark)
    public static class Sapl {
        final AuthorizationSubscription allowed = RefundPolicy.saplSubscription(AGENT, ALLOWED_AMOUNT);
        final AuthorizationSubscription denied = RefundPolicy.saplSubscription(AGENT, DENIED_AMOUNT);
        EmbeddedPolicyDecisionPoint pdp;

        @Setup
        public void start() {
            pdp = RefundPolicy.sapl();
        }

        @TearDown
        public void stop() {
            pdp.destroy();
        }
    }

    @Benchmark
    public Verdict capFenceEngineAllowed(Engine engine, Events events) {
        return engine.runtime.evaluate(events.allowed);
    }

    @Benchmark
    public Verdict capFenceEngineDenied(Engine engine, Events events) {
        return engine.runtime.evaluate(events.denied);
    }

    @Benchmark
    public Verdict capFenceEngineMemoryAuditAllowed(MemoryAuditedEngine engine, Events events) {
        return engine.runtime.execute(events.allowed);
    }

    @Benchmark
    public Verdict capFenceEngineMemoryAuditDenied(MemoryAuditedEngine engine, Events events) {
        return engine.runtime.execute(events.denied);
    }

    @Benchmark
    public Verdict capFenceEngineJsonlAuditAllowed(JsonlAuditedEngine engine, Events events) {
        return engine.runtime.execute(events.allowed);
    }

    @Benchmark
    public Verdict capFenceEngineJsonlAuditDenied(JsonlAuditedEngine engine, Events events) {
        return engine.runtime.execute(events.denied);
    }

    @Benchmark
    public String capFenceGateAllowed(Gate gate) {
        return gate.refunds.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object capFenceGateDenied(Gate gate) {
        try {
            return gate.refunds.issue(DENIED_AMOUNT);
        } catch (ActionDeniedException refused) {
            return refused.verdict();
        }
    }

    @Benchmark
    public String capFenceGateMemoryAuditAllowed(AuditedGate gate) {
        return gate.refunds.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object capFenceGateMemoryAuditDenied(AuditedGate gate) {
        try {
            return gate.refunds.issue(DENIED_AMOUNT);
        } catch (ActionDeniedException refused) {
            return refused.verdict();
        }
    }

    @Benchmark
    public boolean jCasbinAllowed(Casbin casbin) {
        return casbin.enforcer.enforce(casbin.allowed);
    }

    @Benchmark
    public boolean jCasbinDenied(Casbin casbin) {
        return casbin.enforcer.enforce(casbin.denied);
    }

    @Benchmark
    public Decision saplAllowed(Sapl sapl) {
        return sapl.pdp.decideOnce(sapl.allowed).block().getDecision();
    }

    @Benchmark
    public Decision saplDenied(Sapl sapl) {
        return sapl.pdp.decideOnce(sapl.denied).block().getDecision();
    }

    @Benchmark
    public String springSecurityAllowed(SpringSecurity security) {
        return security.refunds.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object springSecurityDenied(SpringSecurity security) {
        try {
            return security.refunds.issue(DENIED_AMOUNT);
        } catch (AccessDeniedException refused) {
            return refused;
        }
    }
}
