package dev.capfence.boot.actuate;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalException;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.engine.ActionRuntime;
import java.security.Principal;
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

    SecuredCapFenceEndpoint(ActionRuntime runtime, @Nullable ReadableAudit audit, DecisionCounts counts,
                            Redaction redaction, @Nullable ToolInventory inventory) {
        super(runtime, audit, counts, redaction, inventory);
    }

    @WriteOperation
    public WebEndpointResponse<Object> decide(@Selector String section, @Selector String id, String decision,
                                              @Nullable String note, SecurityContext security) {
        if (!"approvals".equals(section)) {
            return new WebEndpointResponse<>(Map.of("error", "unknown section " + section), 404);
        }
        Principal principal = security.getPrincipal();
        if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
            return new WebEndpointResponse<>(Map.of("error", "an authenticated approver is required"), 401);
        }
        try {
            Approval a = switch (decision == null ? "" : decision.toLowerCase(java.util.Locale.ROOT)) {
                case "approve" -> runtime.approvals().approve(id, principal.getName(), note);
                case "reject" -> runtime.approvals().reject(id, principal.getName(), note);
                default -> null;
            };
            if (a == null) {
                return new WebEndpointResponse<>(Map.of("error", "decision must be approve or reject"), 400);
            }
            return new WebEndpointResponse<>(approval(a));
        } catch (ApprovalException e) {
            // unknown, expired, already decided, or an approver the policy does not allow
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())), 409);
        }
    }
}
