package dev.capfence.benchmarks.peers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capfence.audit.AuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.interpreter.InitializationException;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import java.util.List;
import java.util.Map;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * One decision stated in each peer's own language: {@code agent-1}, who holds the role {@code agent}, may issue a
 * refund ({@code refund.issue}) of at most 1000; anything else is denied. The role-based peers grant it to the role;
 * CapFence grants it to the actor, since a gated call names its actor, not the actor's roles. Spring Security's
 * form is the {@code @PreAuthorize} expression on {@link SecuredRefunds}.
 */
final class RefundPolicy {

    /** Who calls: a name and the one role the role-based peers see. */
    record Caller(String name, String role) {
    }

    static final Caller AGENT = new Caller("agent-1", "agent");
    /** Holds no grant: every peer denies them whatever the amount. */
    static final Caller CUSTOMER = new Caller("agent-2", "customer");

    static final String CAPABILITY = "refund.issue";
    static final int ALLOWED_AMOUNT = 250;
    static final int DENIED_AMOUNT = 5000;

    static final String CAPFENCE = """
            name: peers-refunds
            allow:
              - capability: refund.issue
                actor: agent-1
                amount_lte: 1000
            """;

    static final String CASBIN_MODEL = """
            [request_definition]
            r = sub, obj, act

            [policy_definition]
            p = sub, obj, act

            [role_definition]
            g = _, _

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = g(r.sub, p.sub) && r.obj.type == p.obj && r.act == p.act && r.obj.amount <= 1000
            """;

    static final String SAPL = """
            policy "agents issue refunds up to 1000"
            permit action == "refund.issue"
            where
              subject.role == "agent";
              resource.amount <= 1000;
            """;

    private RefundPolicy() {
    }

    static Policy capFencePolicy() {
        return Policy.parse(CAPFENCE, "peers-refunds.yaml");
    }

    /** The engine, recording each {@code execute} in {@code audit}; null records nothing. */
    static ActionRuntime capFence(AuditSink audit) {
        return ActionRuntime.builder().policy(capFencePolicy()).auditSink(audit).build();
    }

    static ActionEvent event(Caller caller, int amount) {
        return ActionEvent.builder().actor(caller.name()).capability(CAPABILITY).payload(Map.of("amount", amount))
                .build();
    }

    static Enforcer casbin() {
        Enforcer enforcer = new Enforcer(Model.newModelFromString(CASBIN_MODEL));
        enforcer.addPolicy("agent", "refund", "issue");
        enforcer.addGroupingPolicy(AGENT.name(), AGENT.role());
        enforcer.addGroupingPolicy(CUSTOMER.name(), CUSTOMER.role());
        return enforcer;
    }

    /** The object of a jCasbin request: its attributes are read by the matcher through getters. */
    public static final class CasbinRefund {
        private final int amount;

        CasbinRefund(int amount) {
            this.amount = amount;
        }

        public String getType() {
            return "refund";
        }

        public int getAmount() {
            return amount;
        }
    }

    /** jCasbin's request: subject, object with attributes, action. */
    static Object[] casbinRequest(Caller caller, int amount) {
        return new Object[] {caller.name(), new CasbinRefund(amount), "issue"};
    }

    static EmbeddedPolicyDecisionPoint sapl() {
        try {
            return PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(List.of(SAPL),
                    PolicyDocumentCombiningAlgorithm.DENY_UNLESS_PERMIT, Map.of());
        } catch (InitializationException e) {
            throw new IllegalStateException("SAPL PDP did not start: " + e.getMessage(), e);
        }
    }

    static AuthorizationSubscription saplSubscription(Caller caller, int amount) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode subject = json.objectNode().put("name", caller.name()).put("role", caller.role());
        ObjectNode resource = json.objectNode().put("type", "refund").put("amount", amount);
        return new AuthorizationSubscription(subject, json.textNode(CAPABILITY), resource, json.nullNode());
    }

    /** The principal both Spring peers read: CapFence's gate takes its name, Spring Security its role. */
    static Authentication authentication(Caller caller) {
        return UsernamePasswordAuthenticationToken.authenticated(caller.name(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().toUpperCase(java.util.Locale.ROOT))));
    }
}
