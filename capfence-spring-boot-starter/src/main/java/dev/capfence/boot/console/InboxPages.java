package dev.capfence.boot.console;

import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalJson;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditFilter;
import dev.capfence.audit.AuditHead;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.audit.VerifyResult;
import dev.capfence.boot.approval.ApprovalDecisions;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the inbox with its own Thymeleaf engine and templates ({@code classpath:capfence/console/}), so the
 * application's view resolvers and template folders neither see nor shadow them. The model is plain maps: what the
 * page shows is decided here, the template only lays it out (and escapes every value).
 */
final class InboxPages {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    /** How many require_approval records back the page looks for the rules that asked for pending approvals. */
    private static final int MAX_REQUESTS_READ = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Who is looking, where the page is, and the request's CSRF token (null when the application checks none). */
    record Context(Principal user, String base, @Nullable Map<String, String> csrf) {
    }

    private final ActionRuntime runtime;
    private final @Nullable ReadableAudit audit;
    private final ApprovalDecisions decisions;
    private final Redaction redaction;
    private final Clock clock;
    private final TemplateEngine engine;
    // The last verification, reused while the chain's head stays where it was: a page load does not re-read a
    // large chain unless it grew (the endpoint's verify and capfence verify always read it all).
    private volatile Verified lastVerified;

    private record Verified(AuditHead head, VerifyResult result) {
    }

    InboxPages(ActionRuntime runtime, @Nullable ReadableAudit audit, ApprovalDecisions decisions, Redaction redaction,
               Clock clock) {
        this.runtime = runtime;
        this.audit = audit;
        this.decisions = decisions;
        this.redaction = redaction;
        this.clock = clock;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(InboxPages.class.getClassLoader());
        resolver.setPrefix("capfence/console/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        SpringTemplateEngine e = new SpringTemplateEngine();
        e.setTemplateResolver(resolver);
        this.engine = e;
    }

    /** Pending approvals newest first, recent audit records by the query's filter, the chain's state. */
    String inbox(Context ctx, Map<String, String> query, @Nullable String error) {
        org.thymeleaf.context.Context model = model(ctx);
        List<Approval> pending = new ArrayList<>(runtime.approvals().pending());
        pending.sort(Comparator.comparing(Approval::requestedAt).reversed());
        model.setVariable("title", "Approval inbox");
        Map<String, Map<String, Object>> requests = requestingDecisions(pending);
        model.setVariable("approvals", pending.stream().map(a -> row(a, ctx, requests)).toList());
        model.setVariable("single", false);
        String decided = query.get("decided");
        if (decided != null) {
            runtime.approvals().get(decided).ifPresent(a -> model.setVariable("message", "Approval " + a.id() + " "
                    + a.status().wireName() + (a.decidedBy() == null ? "" : " by " + a.decidedBy()) + "."));
        }
        model.setVariable("error", error);
        decisionsSection(model, query);
        chainSection(model);
        return engine.process("inbox", model);
    }

    /** One approval whatever its status, or null when there is none with that id. */
    @Nullable String item(Context c, String id) {
        Approval a = runtime.approvals().get(id).orElse(null);
        if (a == null) {
            return null;
        }
        org.thymeleaf.context.Context model = model(c);
        model.setVariable("title", "Approval " + a.id());
        model.setVariable("approvals", List.of(row(a, c, requestingDecisions(List.of(a)))));
        model.setVariable("single", true);
        return engine.process("inbox", model);
    }

    /** A refusal, said in words, with a way back. */
    String error(Context c, String message) {
        org.thymeleaf.context.Context model = model(c);
        model.setVariable("message", message);
        return engine.process("error", model);
    }

    private org.thymeleaf.context.Context model(Context c) {
        org.thymeleaf.context.Context model = new org.thymeleaf.context.Context(Locale.ROOT);
        model.setVariable("user", c.user().getName());
        model.setVariable("base", c.base());
        model.setVariable("csrf", c.csrf());
        return model;
    }

    private Map<String, Object> row(Approval a, Context c, Map<String, Map<String, Object>> requests) {
        Instant now = clock.instant();
        Map<String, Object> json = ApprovalJson.toMap(a, redaction);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", a.id());
        ApprovalStatus status = a.statusAt(now);
        row.put("status", status.wireName());
        row.put("actor", a.actor());
        row.put("capability", a.capability());
        row.put("environment", a.environment());
        row.put("requested_at", a.requestedAt().toString());
        row.put("expires_at", a.expiresAt().toString());
        row.put("time_left", status == ApprovalStatus.PENDING ? timeLeft(Duration.between(now, a.expiresAt())) : null);
        row.put("decided_by", a.decidedBy());
        row.put("note", a.note());
        Map<String, Object> why = requests.getOrDefault(a.id(), Map.of());
        row.put("rule", why.get("rule_id"));
        row.put("reason", why.get("reason"));
        row.put("payload", payload(json.get("event")));
        boolean may = status == ApprovalStatus.PENDING && decisions.mayDecide(a, c.user());
        row.put("may_decide", may);
        row.put("why_not", status != ApprovalStatus.PENDING || may ? null
                : runtime.approvals().refusal(a, c.user().getName()));
        return row;
    }

    /**
     * The audit's require_approval decisions that asked for these approvals (their rule and reason), by approval
     * id: one read of the chain for the whole page, back to just before the oldest request.
     */
    private Map<String, Map<String, Object>> requestingDecisions(List<Approval> approvals) {
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        if (audit == null || approvals.isEmpty()) {
            return out;
        }
        Instant oldest = approvals.stream().map(Approval::requestedAt).min(Comparator.naturalOrder()).orElseThrow();
        try {
            AuditFilter filter = new AuditFilter(null, null, null, Decision.REQUIRE_APPROVAL, oldest.minusSeconds(60));
            for (AuditEntry e : audit.records(filter, MAX_REQUESTS_READ)) {
                if (e.fields().get("approval_id") instanceof String id) {
                    out.put(id, e.fields()); // newest first: the oldest, the request itself, stays
                }
            }
        } catch (RuntimeException e) {
            // an unreadable chain shows in the chain section; the approvals are still decidable
        }
        return out;
    }

    private static String payload(Object event) {
        if (event instanceof Map<?, ?> m && m.get("payload") != null) {
            return JSON.writeValueAsString(m.get("payload"));
        }
        return "(not shown: the stored event could not be read)";
    }

    static String timeLeft(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "expired";
        }
        long s = d.toSeconds();
        if (s >= 86_400) {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h left";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + s % 3600 / 60 + "m left";
        }
        return s / 60 + "m " + s % 60 + "s left";
    }

    private void decisionsSection(org.thymeleaf.context.Context model, Map<String, String> query) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (String k : List.of("actor", "capability", "tool", "decision", "since", "limit")) {
            filter.put(k, query.getOrDefault(k, ""));
        }
        model.setVariable("filter", filter);
        if (audit == null) {
            model.setVariable("records", List.of());
            model.setVariable("recordsProblem", "No readable audit chain: capfence.audit.type is none, or the audit "
                    + "sink cannot be read back.");
            return;
        }
        try {
            String d = filter.get("decision");
            Decision decision = d.isBlank() ? null : Decision.fromWireName(d.strip().toLowerCase(Locale.ROOT));
            if (!d.isBlank() && decision == null) {
                throw new IllegalArgumentException("'" + d + "' is not a decision: use allow, deny or require_approval");
            }
            String since = filter.get("since");
            AuditFilter f = new AuditFilter(filter.get("actor"), filter.get("capability"), filter.get("tool"), decision,
                    since.isBlank() ? null : AuditFilter.since(since, clock));
            int limit = limit(filter.get("limit"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AuditEntry e : audit.records(f, limit)) {
                rows.add(record(e));
            }
            model.setVariable("records", rows);
        } catch (IllegalArgumentException e) {
            model.setVariable("records", List.of());
            model.setVariable("recordsProblem", e.getMessage());
        } catch (RuntimeException e) {
            model.setVariable("records", List.of());
            model.setVariable("recordsProblem", "The audit chain could not be read: " + e.getMessage());
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 1 || n > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", not '" + text + "'");
        }
    }

    private static Map<String, Object> record(AuditEntry e) {
        Map<String, Object> f = e.fields();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", e.time() == null ? "" : e.time().toString());
        row.put("type", e.type());
        row.put("actor", e.actor());
        row.put("capability", e.capability());
        row.put("tool", e.tool());
        Object what = e.decision() != null ? e.decision().wireName() : f.get("transition");
        row.put("what", what == null ? f.get("status") : what);
        row.put("reason", f.get("reason_code") != null ? f.get("reason_code") : f.get("reason"));
        row.put("rule", f.get("rule_id"));
        row.put("approval", f.get("approval_id") != null ? f.get("approval_id") : f.get("grant_id"));
        row.put("by", f.get("by"));
        return row;
    }

    private void chainSection(org.thymeleaf.context.Context model) {
        Map<String, Object> chain = new LinkedHashMap<>();
        if (audit == null) {
            chain.put("present", false);
        } else {
            chain.put("present", true);
            try {
                AuditHead head = audit.head();
                chain.put("records", head.records());
                chain.put("seq", head.seq());
                chain.put("head", head.hash());
                Verified last = lastVerified;
                VerifyResult r;
                if (last != null && last.head().equals(head)) {
                    r = last.result();
                } else {
                    r = audit.verify();
                    lastVerified = new Verified(head, r);
                }
                chain.put("intact", r.intact());
                chain.put("verified_records", r.records());
                chain.put("verified_head", r.headHash());
                chain.put("problem", r.problem());
            } catch (RuntimeException e) {
                chain.put("intact", false);
                chain.put("problem", "audit chain unreadable: " + e.getMessage());
            }
        }
        model.setVariable("chain", chain);
    }
}
