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
 * Spring gates are exceptions, caught and returned, since that is what a refused call costs there.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeersBenchmark {

    private final ActionEvent allowedEvent = RefundPolicy.event(AGENT, ALLOWED_AMOUNT);
    private final ActionEvent deniedEvent = RefundPolicy.event(AGENT, DENIED_AMOUNT);
    private final Object[] allowedCasbin = RefundPolicy.casbinRequest(AGENT, ALLOWED_AMOUNT);
    private final Object[] deniedCasbin = RefundPolicy.casbinRequest(AGENT, DENIED_AMOUNT);
    private final AuthorizationSubscription allowedSapl = RefundPolicy.saplSubscription(AGENT, ALLOWED_AMOUNT);
    private final AuthorizationSubscription deniedSapl = RefundPolicy.saplSubscription(AGENT, DENIED_AMOUNT);

    private ActionRuntime engine;
    private ActionRuntime memoryAudited;
    private ActionRuntime jsonlAudited;
    private JsonlAuditSink jsonl;
    private Path jsonlDir;
    private ConfigurableApplicationContext gateContext;
    private ConfigurableApplicationContext auditedGateContext;
    private ConfigurableApplicationContext securityContext;
    private GatedRefunds gate;
    private GatedRefunds auditedGate;
    private SecuredRefunds secured;
    private Enforcer casbin;
    private EmbeddedPolicyDecisionPoint sapl;

    @Setup
    public void setUp() throws IOException {
        engine = RefundPolicy.capFence(null);
        // bounded as the starter bounds it, so a long run measures appending, not a growing heap
        memoryAudited = RefundPolicy.capFence(InMemoryAuditSink.builder().maxRecords(10_000).build());
        jsonlDir = Files.createTempDirectory("capfence-peers");
        gateContext = SpringApps.capFence(false);
        auditedGateContext = SpringApps.capFence(true);
        securityContext = SpringApps.springSecurity();
        gate = gateContext.getBean(GatedRefunds.class);
        auditedGate = auditedGateContext.getBean(GatedRefunds.class);
        secured = securityContext.getBean(SecuredRefunds.class);
        casbin = RefundPolicy.casbin();
        sapl = RefundPolicy.sapl();
    }

    /** A fresh log each iteration, so the file stays small; and the principal on the thread that measures. */
    @Setup(Level.Iteration)
    public void openIteration() {
        jsonl = JsonlAuditSink.builder(jsonlDir.resolve("audit.jsonl")).fsync(false).open();
        jsonlAudited = RefundPolicy.capFence(jsonl);
        SecurityContextHolder.getContext().setAuthentication(RefundPolicy.authentication(AGENT));
    }

    @TearDown(Level.Iteration)
    public void closeIteration() throws IOException {
        jsonl.close();
        deleteLogs();
    }

    @TearDown
    public void tearDown() throws IOException {
        gateContext.close();
        auditedGateContext.close();
        securityContext.close();
        sapl.destroy();
        deleteLogs();
        Files.deleteIfExists(jsonlDir);
        SecurityContextHolder.clearContext();
    }

    private void deleteLogs() throws IOException {
        try (Stream<Path> files = Files.list(jsonlDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public Verdict capFenceEngineAllowed() {
        return engine.evaluate(allowedEvent);
    }

    @Benchmark
    public Verdict capFenceEngineDenied() {
        return engine.evaluate(deniedEvent);
    }

    @Benchmark
    public Verdict capFenceEngineMemoryAuditAllowed() {
        return memoryAudited.execute(allowedEvent);
    }

    @Benchmark
    public Verdict capFenceEngineMemoryAuditDenied() {
        return memoryAudited.execute(deniedEvent);
    }

    @Benchmark
    public Verdict capFenceEngineJsonlAuditAllowed() {
        return jsonlAudited.execute(allowedEvent);
    }

    @Benchmark
    public Verdict capFenceEngineJsonlAuditDenied() {
        return jsonlAudited.execute(deniedEvent);
    }

    @Benchmark
    public String capFenceGateAllowed() {
        return gate.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object capFenceGateDenied() {
        try {
            return gate.issue(DENIED_AMOUNT);
        } catch (ActionDeniedException refused) {
            return refused.verdict();
        }
    }

    @Benchmark
    public String capFenceGateMemoryAuditAllowed() {
        return auditedGate.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object capFenceGateMemoryAuditDenied() {
        try {
            return auditedGate.issue(DENIED_AMOUNT);
        } catch (ActionDeniedException refused) {
            return refused.verdict();
        }
    }

    @Benchmark
    public boolean jCasbinAllowed() {
        return casbin.enforce(allowedCasbin);
    }

    @Benchmark
    public boolean jCasbinDenied() {
        return casbin.enforce(deniedCasbin);
    }

    @Benchmark
    public Decision saplAllowed() {
        return sapl.decideOnce(allowedSapl).block().getDecision();
    }

    @Benchmark
    public Decision saplDenied() {
        return sapl.decideOnce(deniedSapl).block().getDecision();
    }

    @Benchmark
    public String springSecurityAllowed() {
        return secured.issue(ALLOWED_AMOUNT);
    }

    @Benchmark
    public Object springSecurityDenied() {
        try {
            return secured.issue(DENIED_AMOUNT);
        } catch (AccessDeniedException refused) {
            return refused;
        }
    }
}
