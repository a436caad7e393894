package dev.capfence.boot.actuate;

import dev.capfence.approval.Approval;
import dev.capfence.audit.Redaction;
import dev.capfence.audit.VerifyResult;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import dev.capfence.store.jdbc.JdbcAuditSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/capfence}: the policy and decision counts, and under {@code audit}, {@code verify},
 * {@code approvals} and {@code tools} the audit records, a fresh chain verification, the pending approvals and the
 * tool inventory. Read-only: deciding
 * approvals is {@link SecuredCapFenceEndpoint}'s, present only with Spring Security.
 */
@Endpoint(id = "capfence")
class CapFenceEndpoint {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int DEFAULT_LIMIT = 100;

    final ActionRuntime runtime;
    private final AuditChain chain;
    private final DecisionCounts counts;
    private final Redaction redaction;
    private final ToolInventory inventory;

    CapFenceEndpoint(ActionRuntime runtime, @Nullable AuditChain chain, DecisionCounts counts, Redaction redaction,
                     @Nullable ToolInventory inventory) {
        this.runtime = runtime;
        this.chain = chain;
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
        out.put("mode", policy.mode().wireName());
        out.put("rules", policy.ruleCount());
        out.put("decisions", counts.snapshot());
        if (chain != null) {
            JdbcAuditSink.Head head = chain.head();
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("type", chain.kind());
            audit.put("records", head.seq());
            audit.put("head", head.hash());
            out.put("audit", audit);
        }
        return out;
    }

    @ReadOperation
    public WebEndpointResponse<Object> section(@Selector String section, @Nullable Integer limit,
                                               @Nullable String decision, @Nullable String actor,
                                               @Nullable String capability) {
        return switch (section) {
            case "audit" -> chain == null ? noAudit()
                    : new WebEndpointResponse<>(audit(limit, decision, actor, capability));
            case "verify" -> chain == null ? noAudit() : new WebEndpointResponse<>(verify());
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
    private List<Map<?, ?>> audit(Integer limit, String decision, String actor, String capability) {
        int max = limit == null || limit <= 0 ? DEFAULT_LIMIT : limit;
        List<String> lines = chain.lines();
        List<Map<?, ?>> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && out.size() < max; i--) {
            Map<?, ?> record = JSON.readValue(lines.get(i), Map.class);
            if (matches(decision, record.get("decision")) && matches(actor, field(record, "actor"))
                    && matches(capability, field(record, "capability"))) {
                out.add(record);
            }
        }
        return out;
    }

    private Map<String, Object> verify() {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            VerifyResult r = chain.verify();
            out.put("intact", r.intact());
            out.put("records", r.records());
            out.put("head", r.headHash());
            out.put("problem", r.problem());
        } catch (Exception e) {
            out.put("intact", false);
            out.put("problem", "audit chain unreadable: " + e.getMessage());
        }
        return out;
    }

    // Actor and capability sit at the top of approval records, inside "event" of decision records.
    private static Object field(Map<?, ?> record, String name) {
        Object top = record.get(name);
        return top != null || !(record.get("event") instanceof Map<?, ?> event) ? top : event.get(name);
    }

    private static boolean matches(String wanted, Object actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual == null ? null : actual.toString());
    }

    Map<String, Object> approval(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("status", a.status().wireName());
        m.put("actor", a.actor());
        m.put("capability", a.capability());
        m.put("environment", a.environment());
        m.put("requested_at", String.valueOf(a.requestedAt()));
        m.put("expires_at", String.valueOf(a.expiresAt()));
        m.put("decided_by", a.decidedBy());
        m.put("note", a.note());
        m.put("event", redactedEvent(a.eventJson()));
        return m;
    }

    // The stored approval keeps the whole event (its digest needs it); show it redacted as the audit records it.
    private Object redactedEvent(String eventJson) {
        if (eventJson == null) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        JSON.readValue(eventJson, Map.class).forEach((k, v) -> event.put(String.valueOf(k), v));
        for (String key : List.of("payload", "context")) {
            if (event.get(key) instanceof Map<?, ?> values) {
                Map<String, Object> copy = new LinkedHashMap<>();
                values.forEach((k, v) -> copy.put(String.valueOf(k), v));
                event.put(key, redaction.apply(copy));
            }
        }
        return event;
    }

    private static WebEndpointResponse<Object> noAudit() {
        return new WebEndpointResponse<>(Map.of("error", "no readable audit chain (capfence.audit.type is none)"), 404);
    }
}
