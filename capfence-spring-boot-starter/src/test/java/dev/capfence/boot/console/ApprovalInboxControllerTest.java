package dev.capfence.boot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.capfence.approval.ApprovalStatus;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.Redaction;
import dev.capfence.boot.approval.ApprovalDecisions;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The page's own refusals, whatever the application's security lets through. */
class ApprovalInboxControllerTest {

    private final InMemoryAuditSink audit = InMemoryAuditSink.create();
    private final ActionRuntime runtime = ActionRuntime.builder().auditSink(audit).policy(Policy.parse("""
            approval:
              approvers: ["ops-*"]
            require_approval:
              - id: big-refunds
                capability: payments.refund
                reason: Refunds need a person
            """, "p.yaml")).build();
    private final ApprovalDecisions decisions = new ApprovalDecisions(runtime);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ApprovalInboxController(
            new InboxPages(runtime, audit, decisions, Redaction.defaultsPlus(java.util.List.of("iban")),
                    Clock.systemUTC()), decisions, "/capfence")).build();
    private final DefaultCsrfToken csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0ken");

    private String request() {
        return runtime.execute(ActionEvent.builder().actor("agent").capability("payments.refund")
                .payload(Map.of("amount", 5000, "iban", "DE00 1234")).build()).approvalId();
    }

    private static Principal user(String name) {
        return () -> name;
    }

    @Test
    void anonymousGetsNothing() throws Exception {
        request();
        mvc.perform(get("/capfence")).andExpect(status().isUnauthorized());
        mvc.perform(post("/capfence/approvals/x").param("decision", "approve")).andExpect(status().isUnauthorized());
    }

    @Test
    void theInboxShowsRuleReasonAndTheRedactedPayload() throws Exception {
        String id = request();
        String page = mvc.perform(get("/capfence").principal(user("ops-bob")).requestAttr("_csrf", csrf))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("approval-" + id).contains("big-refunds").contains("Refunds need a person")
                .contains("[REDACTED]").doesNotContain("DE00 1234")
                .contains("name=\"_csrf\" value=\"t0ken\"").contains("value=\"approve\"");
        String forOthers = mvc.perform(get("/capfence").principal(user("mallory")).requestAttr("_csrf", csrf))
                .andReturn().getResponse().getContentAsString();
        assertThat(forOthers).contains("approval-" + id).doesNotContain("value=\"approve\"")
                .contains("mallory is not an approver");
    }

    @Test
    void aPostWithoutACheckedCsrfTokenIsRefused() throws Exception {
        String id = request();
        mvc.perform(post("/capfence/approvals/" + id).principal(user("ops-bob")).param("decision", "approve"))
                .andExpect(status().isForbidden()).andExpect(content().string(
                        org.hamcrest.Matchers.containsString("CSRF protection is off")));
        assertThat(runtime.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void decisionsFollowTheApprovalRules() throws Exception {
        String id = request();
        mvc.perform(post("/capfence/approvals/" + id).principal(user("agent")).requestAttr("_csrf", csrf)
                .param("decision", "approve")).andExpect(status().isForbidden());
        mvc.perform(post("/capfence/approvals/" + id).principal(user("mallory")).requestAttr("_csrf", csrf)
                .param("decision", "approve")).andExpect(status().isForbidden());
        mvc.perform(post("/capfence/approvals/" + id).principal(user("ops-bob")).requestAttr("_csrf", csrf)
                .param("decision", "maybe")).andExpect(status().isBadRequest());
        mvc.perform(post("/capfence/approvals/nope").principal(user("ops-bob")).requestAttr("_csrf", csrf)
                .param("decision", "approve")).andExpect(status().isNotFound());
        assertThat(runtime.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

        mvc.perform(post("/capfence/approvals/" + id).principal(user("ops-bob")).requestAttr("_csrf", csrf)
                .param("decision", "reject").param("note", "not today"))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/capfence?decided=" + id));
        assertThat(runtime.approvals().get(id).orElseThrow().note()).isEqualTo("not today");
        mvc.perform(post("/capfence/approvals/" + id).principal(user("ops-bob")).requestAttr("_csrf", csrf)
                .param("decision", "approve")).andExpect(status().isConflict());
        String after = mvc.perform(get("/capfence").param("decided", id).principal(user("ops-bob")))
                .andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Approval " + id + " rejected by ops-bob.");
    }
}
