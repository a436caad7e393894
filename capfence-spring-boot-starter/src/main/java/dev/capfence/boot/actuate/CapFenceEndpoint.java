package dev.capfence.boot.actuate;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalJson;
import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditFilter;
import dev.capfence.audit.AuditHead;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.audit.VerifyResult;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/capfence}: the policy and decision counts, and under {@code audit}, {@code verify},
 * {@code approvals} and {@code tools} the audit records, a fresh chain verification, the pending approvals and the
 * tool inventory. Read-only: deciding
 * approvals is {@link SecuredCapFenceEndpoint}'s, present only with Spring Security.
 */
@Endpoint(id = "capfence")
class CapFenceEndpoint {

    private static final int DEFAULT_LIMIT = 100;

    final ActionRuntime runtime;
    private final ReadableAudit audit;
    private final DecisionCounts counts;
    private final Redaction redaction;
    private final ToolInventory inventory;

    CapFenceEndpoint(ActionRuntime runtime, @Nullable ReadableAudit audit, DecisionCounts counts, Redaction redaction,
                     @Nullable ToolInventory inventory) {
        this.runtime = runtime;
        this.audit = audit;
        this.counts = counts;
        this.redaction = redaction;
        this.inventory = inventory;
    }

    @ReadOperation
    public Map<String, Object> summary() {
        Policy policy = runtime.policy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy_sha256", policy.sha256());
        out.put("policy_name", policy.name());
        out.put("mode", runtime.mode().wireName());
        out.put("rules", policy.ruleCount());
        out.put("decisions", counts.snapshot());
        if (audit != null) {
            AuditHead head = audit.head();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", AuditKind.of(audit));
            a.put("records", head.records());
            a.put("seq", head.seq());
            a.put("head", head.hash());
            out.put("audit", a);
        }
        return out;
    }

    /**
     * {@code audit} takes the filter of {@code capfence logs}: {@code actor}, {@code capability} and {@code tool}
     * globs as the policy matches them, {@code decision}, and {@code since} (an instant, a date or an age such as
     * {@code 2h}); {@code limit} (default 100) caps the records, newest first.
     */
    @ReadOperation
    public WebEndpointResponse<Object> section(@Selector String section, @Nullable Integer limit,
                                               @Nullable String decision, @Nullable String actor,
                                               @Nullable String capability, @Nullable String tool,
                                               @Nullable String since) {
        return switch (section) {
            case "audit" -> audit == null ? noAudit() : audit(limit, decision, actor, capability, tool, since);
            case "verify" -> audit == null ? noAudit() : new WebEndpointResponse<>(verify());
            case "approvals" -> new WebEndpointResponse<>(runtime.approvals().pending().stream()
                    .map(this::approval).toList());
            case "tools" -> new WebEndpointResponse<>(tools());
            default -> new WebEndpointResponse<>(Map.of("error", "unknown section " + section), 404);
        };
    }

    /** Every tool the application can run for an agent, and whether CapFence decides its calls. */
    private List<Map<String, Object>> tools() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (inventory != null) {
            for (InventoriedTool tool : inventory.tools()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", tool.name());
                m.put("kind", tool.kind());
                m.put("capability", tool.capability());
                m.put("gated", tool.gated());
                out.add(m);
            }
        }
        return out;
    }

    /** Newest first; values stay as the sink stored them (payloads redacted). */
    private WebEndpointResponse<Object> audit(Integer limit, String decision, String actor, String capability,
                                              String tool, String since) {
        AuditFilter filter;
        try {
            filter = new AuditFilter(actor, capability, tool, decision(decision),
                    since == null || since.isBlank() ? null : AuditFilter.since(since, Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())), 400);
        }
        int max = limit == null || limit <= 0 ? DEFAULT_LIMIT : limit;
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditEntry e : audit.records(filter, max)) {
            out.add(e.fields());
        }
        return new WebEndpointResponse<>(out);
    }

    /** As {@code capfence logs --decision} reads it: allow, deny or require_approval, in any case. */
    private static Decision decision(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        Decision d = Decision.fromWireName(name.strip().toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new IllegalArgumentException("'" + name + "' is not a decision: use allow, deny or require_approval");
        }
        return d;
    }

    private Map<String, Object> verify() {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            VerifyResult r = audit.verify();
            out.put("intact", r.intact());
            out.put("records", r.records());
            out.put("first_seq", r.firstSeq());
            out.put("head", r.headHash());
            out.put("problem", r.problem());
        } catch (RuntimeException e) {
            out.put("intact", false);
            out.put("problem", "audit chain unreadable: " + e.getMessage());
        }
        return out;
    }

    /** The approval as {@code capfence approvals list --json} shows it, the payload redacted as the audit has it. */
    Map<String, Object> approval(Approval a) {
        return ApprovalJson.toMap(a, redaction);
    }

    private static WebEndpointResponse<Object> noAudit() {
        return new WebEndpointResponse<>(Map.of("error", "no readable audit chain: capfence.audit.type is none, or the"
                + " AuditSink bean does not implement ReadableAudit"), 404);
    }
}
