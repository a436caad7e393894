package dev.capfence.boot.actuate;

import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.boot.approval.ApprovalDecisions;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.engine.ActionRuntime;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The endpoint with {@code POST approvals/{id}}, registered instead of {@link CapFenceEndpoint} only when Spring
 * Security is present: the approver is the authenticated principal, never a request field, so without an
 * authentication layer nobody could be named and no write operation exists. Who may call it (a role) is the
 * application's security configuration.
 */
@Endpoint(id = "capfence")
class SecuredCapFenceEndpoint extends CapFenceEndpoint {

    private final ApprovalDecisions decisions;

    SecuredCapFenceEndpoint(ActionRuntime runtime, @Nullable ReadableAudit audit, DecisionCounts counts,
                            Redaction redaction, @Nullable ToolInventory inventory) {
        super(runtime, audit, counts, redaction, inventory);
        this.decisions = new ApprovalDecisions(runtime);
    }

    @WriteOperation
    public WebEndpointResponse<Object> decide(@Selector String section, @Selector String id, String decision,
                                              @Nullable String note, SecurityContext security) {
        if (!"approvals".equals(section)) {
            return new WebEndpointResponse<>(Map.of("error", "unknown section " + section), 404);
        }
        ApprovalDecisions.Outcome outcome = decisions.decide(id, decision, security.getPrincipal(), note);
        if (outcome instanceof ApprovalDecisions.Outcome.Decided d) {
            return new WebEndpointResponse<>(approval(d.approval()));
        }
        ApprovalDecisions.Outcome.Refused r = (ApprovalDecisions.Outcome.Refused) outcome;
        int status = switch (r.kind()) {
            case UNAUTHENTICATED -> 401;
            case BAD_REQUEST -> 400;
            // unknown, expired, already decided, or an approver the policy does not allow
            case UNKNOWN, NOT_AN_APPROVER, NOT_PENDING -> 409;
        };
        return new WebEndpointResponse<>(Map.of("error", r.why()), status);
    }
}
