package dev.capfence.boot.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.capfence.engine.ApprovalRequiredException;
import dev.capfence.boot.CapFenceActor;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
class GatedActionApplicationTest {

    @Autowired RefundService refunds;
    @Autowired AgentTools agent;
    @Autowired AgentTools.ShellTool shell;
    @Autowired CountingTransactionManager transactions;
    @Autowired ActionRuntime runtime;
    @Autowired MockMvc mvc;

    @BeforeEach
    void reset() {
        refunds.refunds().set(0);
        shell.runs().set(0);
        transactions.begun.set(0);
    }

    @Test
    void allowedCallRunsInsideItsTransaction() throws Exception {
        String result = CapFenceActor.runAs("agent-1", () -> refunds.refund("o-1", new BigDecimal("10"), "k"));

        assertThat(result).isEqualTo("refunded o-1");
        assertThat(refunds.refunds()).hasValue(1);
        assertThat(transactions.begun()).isEqualTo(1);
    }

    @Test
    void deniedCallNeverRunsAndNeverOpensATransaction() {
        assertThatThrownBy(() -> CapFenceActor.runAs("agent-1",
                () -> refunds.refund("blocked-7", new BigDecimal("10"), "k")))
                .isInstanceOfSatisfying(ActionDeniedException.class, e -> {
                    assertThat(e).isNotInstanceOf(ApprovalRequiredException.class);
                    assertThat(e.verdict().ruleId()).isEqualTo("blocked-order");
                    assertThat(e.verdict().reasonCode().wireName()).isEqualTo("policy_deny");
                    assertThat(e.verdict().capability()).isEqualTo("payments.refund.default");
                });
        assertThat(refunds.refunds()).hasValue(0);
        assertThat(transactions.begun()).isZero();
    }

    @Test
    void approvalThenTheIdenticalCallRunsOnce() throws Exception {
        ApprovalRequiredException first = catchApproval();
        assertThat(first.approvalId()).isNotBlank();
        assertThat(refunds.refunds()).hasValue(0);
        assertThat(transactions.begun()).isZero();

        runtime.approvals().approve(first.approvalId(), "ops-bob", "checked");

        assertThat(CapFenceActor.runAs("agent-1", () -> refunds.refund("o-2", new BigDecimal("5000"), "k")))
                .isEqualTo("refunded o-2");
        assertThat(refunds.refunds()).hasValue(1);
        // single use: the next identical call needs a new approval
        assertThat(catchApproval().approvalId()).isNotEqualTo(first.approvalId());
        assertThat(refunds.refunds()).hasValue(1);
    }

    private ApprovalRequiredException catchApproval() {
        try {
            CapFenceActor.runAs("agent-1", () -> refunds.refund("o-2", new BigDecimal("5000"), "k"));
        } catch (ApprovalRequiredException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an approval, got " + e, e);
        }
        throw new AssertionError("expected an approval, the call ran");
    }

    @Test
    void aCallWithoutAnActorIsDeniedAsInvalid() {
        assertThatThrownBy(() -> refunds.refund("o-3", BigDecimal.ONE, "k"))
                .isInstanceOfSatisfying(ActionDeniedException.class,
                        e -> assertThat(e.verdict().reasonCode().wireName()).isEqualTo("invalid_event"));
        assertThat(refunds.refunds()).hasValue(0);
    }

    @Test
    void runAsNamesTheActorThePolicySees() {
        assertThatThrownBy(() -> CapFenceActor.runAs("mallory", () -> refunds.refund("o-4", BigDecimal.ONE, "k")))
                .isInstanceOfSatisfying(ActionDeniedException.class,
                        e -> assertThat(e.verdict().ruleId()).isEqualTo("no-mallory"));
    }

    @Test
    void nestedGatedCallCarriesCallerDepth() throws Exception {
        assertThat(CapFenceActor.runAs("agent-1", () -> shell.exec("ls"))).isEqualTo("ran ls");
        assertThat(shell.runs()).hasValue(1);

        assertThatThrownBy(() -> CapFenceActor.runAs("agent-1", () -> agent.plan("ls")))
                .isInstanceOfSatisfying(ActionDeniedException.class,
                        e -> assertThat(e.verdict().ruleId()).isEqualTo("no-nested-shell"));
        assertThat(shell.runs()).hasValue(1);
    }

    @Test
    void denialEscapingAControllerIsAProblemDetail() throws Exception {
        mvc.perform(post("/refunds").param("order", "blocked-9").param("amount", "5"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Action denied"))
                .andExpect(jsonPath("$.reason_code").value("policy_deny"))
                .andExpect(jsonPath("$.rule_id").value("blocked-order"))
                .andExpect(jsonPath("$.capability").value("payments.refund.default"));
        assertThat(refunds.refunds()).hasValue(0);
    }

    @Test
    void approvalEscapingAControllerIsA403WithTheApprovalId() throws Exception {
        mvc.perform(post("/refunds").param("order", "o-10").param("amount", "2000"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Approval required"))
                .andExpect(jsonPath("$.reason_code").value("policy_require_approval"))
                .andExpect(jsonPath("$.approval_id").isNotEmpty());
        assertThat(refunds.refunds()).hasValue(0);
    }
}
