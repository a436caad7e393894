package dev.capfence.benchmarks.peers;

import static dev.capfence.benchmarks.peers.RefundPolicy.AGENT;
import static dev.capfence.benchmarks.peers.RefundPolicy.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.benchmarks.peers.RefundPolicy.Caller;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.casbin.jcasbin.main.Enforcer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/** Every peer in PeersBenchmark decides the refund policy alike, so the benchmark compares like with like. */
class PeersEquivalenceTest {

    private static ConfigurableApplicationContext gate;
    private static ConfigurableApplicationContext auditedGate;
    private static ConfigurableApplicationContext security;
    private static Enforcer casbin;
    private static EmbeddedPolicyDecisionPoint sapl;

    @BeforeAll
    static void startPeers() {
        gate = SpringApps.capFence(false);
        auditedGate = SpringApps.capFence(true);
        security = SpringApps.springSecurity();
        casbin = RefundPolicy.casbin();
        sapl = RefundPolicy.sapl();
    }

    @AfterAll
    static void stopPeers() {
        gate.close();
        auditedGate.close();
        security.close();
        sapl.destroy();
    }

    @AfterEach
    void forgetPrincipal() {
        SecurityContextHolder.clearContext();
    }

    /** The benchmark's two events, the boundary on both sides, and a caller without the grant. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(AGENT, RefundPolicy.ALLOWED_AMOUNT, true),
                Arguments.of(AGENT, RefundPolicy.DENIED_AMOUNT, false),
                Arguments.of(AGENT, 1000, true),
                Arguments.of(AGENT, 1001, false),
                Arguments.of(CUSTOMER, RefundPolicy.ALLOWED_AMOUNT, false));
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void capFenceEngineEvaluates(Caller caller, int amount, boolean allowed) {
        ActionRuntime runtime = RefundPolicy.capFence(null);
        Decision expected = allowed ? Decision.ALLOW : Decision.DENY;
        assertThat(runtime.evaluate(RefundPolicy.event(caller, amount)).decision()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void capFenceEngineExecutesAndRecords(Caller caller, int amount, boolean allowed) {
        InMemoryAuditSink audit = InMemoryAuditSink.create();
        ActionRuntime runtime = RefundPolicy.capFence(audit);
        assertThat(runtime.execute(RefundPolicy.event(caller, amount)).authorized()).isEqualTo(allowed);
        assertThat(audit.lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void capFenceGate(Caller caller, int amount, boolean allowed) {
        assertThat(callGate(gate, caller, amount)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void capFenceGateWithAudit(Caller caller, int amount, boolean allowed) {
        InMemoryAuditSink audit = auditedGate.getBean(InMemoryAuditSink.class);
        int before = audit.lines().size();
        assertThat(callGate(auditedGate, caller, amount)).isEqualTo(allowed);
        // the decision, and for a call that ran its outcome
        assertThat(audit.lines()).hasSize(before + (allowed ? 2 : 1));
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void jCasbin(Caller caller, int amount, boolean allowed) {
        assertThat(casbin.enforce(RefundPolicy.casbinRequest(caller, amount))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void sapl(Caller caller, int amount, boolean allowed) {
        io.sapl.api.pdp.Decision expected = allowed ? io.sapl.api.pdp.Decision.PERMIT : io.sapl.api.pdp.Decision.DENY;
        assertThat(sapl.decideOnce(RefundPolicy.saplSubscription(caller, amount)).block().getDecision())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} refunds {1}: allowed {2}")
    @MethodSource("cases")
    void springSecurity(Caller caller, int amount, boolean allowed) {
        SecuredRefunds refunds = security.getBean(SecuredRefunds.class);
        SecurityContextHolder.getContext().setAuthentication(RefundPolicy.authentication(caller));
        assertThat(ran(() -> "refunded".equals(refunds.issue(amount)))).isEqualTo(allowed);
    }

    private static boolean callGate(ConfigurableApplicationContext context, Caller caller, int amount) {
        GatedRefunds refunds = context.getBean(GatedRefunds.class);
        SecurityContextHolder.getContext().setAuthentication(RefundPolicy.authentication(caller));
        return ran(() -> "refunded".equals(refunds.issue(amount)));
    }

    // Both Spring peers refuse by throwing: true when the body ran, false when the call was refused.
    private static boolean ran(BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (ActionDeniedException | AccessDeniedException refused) {
            return false;
        }
    }
}
