package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever goes wrong, the answer is a denial with its own reason, and a denied executor never runs. */
class FailClosedTest {

    private static final Policy ALLOW_EVERYTHING = Policy.parse("allow:\n  - id: all\n    capability: \"*\"\n", "all.yaml");

    private static final Policy SHELL = Policy.parse("""
            deny:
              - id: no-rm
                capability: shell.exec
                contains: "rm -rf"
            require_approval:
              - id: sudo
                capability: shell.exec
                match_regex: "^sudo "
            allow:
              - id: shell
                capability: shell.exec
            """, "shell.yaml");

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    // ---------------------------------------------------------------- invalid events

    @Test
    void anEventWithoutActorIsDeniedEvenByAnAllowEverythingPolicy() {
        ActionRuntime rt = ActionRuntime.fromPolicy(ALLOW_EVERYTHING);
        for (String actor : new String[] {null, "", "   "}) {
            Verdict v = rt.evaluate(ActionEvent.builder().id("e1").actor(actor).capability("x.y").build());
            assertThat(v.decision()).as("actor '%s'", actor).isEqualTo(Decision.DENY);
            assertThat(v.authorized()).isFalse();
            assertThat(v.reasonCode().wireName()).isEqualTo("invalid_event");
            assertThat(v.reason()).isEqualTo("event has no actor");
            assertThat(v.ruleId()).isNull();
            assertThat(v.eventId()).isEqualTo("e1");
            assertThat(v.capability()).isEqualTo("x.y");
            assertThat(v.policySha256()).isEqualTo(ALLOW_EVERYTHING.sha256());
        }
    }

    @Test
    void anEventWithoutCapabilityOrResourceAndActionIsDenied() {
        ActionRuntime rt = ActionRuntime.fromPolicy(ALLOW_EVERYTHING);
        ActionEvent[] invalid = {
                ActionEvent.builder().actor("a").build(),
                ActionEvent.builder().actor("a").resource("shell").build(),
                ActionEvent.builder().actor("a").action("exec").environment("prod").build(),
                ActionEvent.builder().actor("a").capability(" ").build(),
                ActionEvent.builder().actor("a").resource(" ").action("exec").build(),
        };
        for (ActionEvent e : invalid) {
            Verdict v = rt.evaluate(e);
            assertThat(v.decision()).as("%s", e).isEqualTo(Decision.DENY);
            assertThat(v.reasonCode().wireName()).as("%s", e).isEqualTo("invalid_event");
            assertThat(v.reason()).contains("no capability");
        }
        assertThat(rt.evaluate(ActionEvent.builder().actor("a").resource("shell").action("exec").build()).decision())
                .as("resource and action are enough").isEqualTo(Decision.ALLOW);
    }

    @Test
    void aNullEventIsDenied() {
        Verdict v = ActionRuntime.fromPolicy(ALLOW_EVERYTHING).evaluate(null);
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("invalid_event");
    }

    @Test
    void anInvalidEventNeverReachesTheExecutor() {
        AtomicInteger calls = new AtomicInteger();
        Execution<Integer> run = ActionRuntime.fromPolicy(ALLOW_EVERYTHING)
                .execute(ActionEvent.builder().capability("x").build(), e -> calls.incrementAndGet());
        assertThat(calls).hasValue(0);
        assertThat(run.verdict().reasonCode().wireName()).isEqualTo("invalid_event");
        assertThat(run.verdict().toolInvoked()).isFalse();
    }

    @Test
    void explainingAnInvalidEventGivesTheDenialAndNoRules() {
        Explanation ex = ActionRuntime.fromPolicy(SHELL).explain(ActionEvent.builder().capability("shell.exec").build());
        assertThat(ex.verdict().reasonCode().wireName()).isEqualTo("invalid_event");
        assertThat(ex.policy().decision().decision()).isEqualTo(Decision.DENY);
        assertThat(ex.policy().rules()).isEmpty();
    }

    // ---------------------------------------------------------------- the executor

    @Test
    void aDeniedOrPendingActionNeverRunsTheExecutor() {
        ActionRuntime rt = ActionRuntime.fromPolicy(SHELL);
        AtomicInteger calls = new AtomicInteger();
        for (String cmd : new String[] {"rm -rf /", "sudo reboot"}) {
            Execution<String> run = rt.execute(shell(cmd), e -> {
                calls.incrementAndGet();
                return "ran";
            });
            assertThat(run.verdict().authorized()).isFalse();
            assertThat(run.verdict().toolInvoked()).isFalse();
            assertThat(run.result()).isNull();
            assertThat(run.failure()).isNull();
            assertThat(run.succeeded()).isFalse();
            ActionDeniedException denied = catchThrowableOfType(ActionDeniedException.class, run::getOrThrow);
            assertThat(denied.verdict()).isSameAs(run.verdict());
            assertThat(denied.getMessage()).contains(run.verdict().decision().wireName()).contains("shell.exec");
        }
        assertThat(calls).hasValue(0);
        assertThat(rt.execute(shell("sudo reboot"), e -> "x").verdict().decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
    }

    @Test
    void aPendingActionThrowsTheApprovalExceptionWithItsIdAndARefusalDoesNot() {
        ActionRuntime rt = ActionRuntime.fromPolicy(SHELL);
        Execution<String> pending = rt.execute(shell("sudo reboot"), e -> "ran");
        ApprovalRequiredException approval = catchThrowableOfType(ApprovalRequiredException.class, pending::getOrThrow);
        assertThat(approval.approvalId()).isNotBlank().isEqualTo(pending.verdict().approvalId());
        Throwable refused = catchThrowable(rt.execute(shell("rm -rf /"), e -> "ran")::getOrThrow);
        assertThat(refused).isExactlyInstanceOf(ActionDeniedException.class);
    }

    @Test
    void aDefaultDenialNeverRunsTheExecutor() {
        AtomicInteger calls = new AtomicInteger();
        Execution<Integer> run = ActionRuntime.fromPolicy(SHELL).execute(
                ActionEvent.builder().actor("a").capability("db.drop").build(), e -> calls.incrementAndGet());
        assertThat(calls).hasValue(0);
        assertThat(run.verdict().reasonCode().wireName()).isEqualTo("no_matching_rule");
    }

    @Test
    void anAllowedActionRunsTheExecutorOnceWithTheEvent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ActionEvent event = shell("ls");
        Execution<String> run = ActionRuntime.fromPolicy(SHELL).execute(event, e -> {
            calls.incrementAndGet();
            assertThat(e).isSameAs(event);
            return "listed";
        });
        assertThat(calls).hasValue(1);
        assertThat(run.result()).isEqualTo("listed");
        assertThat(run.getOrThrow()).isEqualTo("listed");
        assertThat(run.succeeded()).isTrue();
        assertThat(run.verdict().toolInvoked()).isTrue();
        assertThat(run.verdict().toMap()).containsEntry("tool_invoked", true);
    }

    @Test
    void anExecutorExceptionIsCapturedAndTheToolCountsAsInvoked() {
        IOException boom = new IOException("disk full");
        Execution<String> run = ActionRuntime.fromPolicy(SHELL).execute(shell("ls"), e -> {
            throw boom;
        });
        assertThat(run.verdict().decision()).isEqualTo(Decision.ALLOW);
        assertThat(run.verdict().toolInvoked()).isTrue();
        assertThat(run.failure()).isSameAs(boom);
        assertThat(run.result()).isNull();
        assertThat(run.succeeded()).isFalse();
        assertThatThrownBy(run::getOrThrow).isSameAs(boom);
    }

    @Test
    void aRuntimeExceptionFromTheExecutorIsCapturedToo() {
        Execution<String> run = ActionRuntime.fromPolicy(SHELL).execute(shell("ls"), e -> {
            throw new IllegalStateException("nope");
        });
        assertThat(run.failure()).isInstanceOf(IllegalStateException.class).hasMessage("nope");
        assertThat(run.verdict().toolInvoked()).isTrue();
    }

    @Test
    void evaluateAndExecuteWithoutExecutorNeverClaimTheToolRan() {
        ActionRuntime rt = ActionRuntime.fromPolicy(SHELL);
        assertThat(rt.evaluate(shell("ls")).toolInvoked()).isFalse();
        assertThat(rt.execute(shell("ls")).toolInvoked()).isFalse();
        assertThatThrownBy(() -> rt.execute(shell("ls"), null)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- errors while deciding

    @Test
    @Timeout(10)
    void aBacktrackingRegexOnHostileInputIsAPolicyErrorNotAHang() {
        // look-ahead is not RE2 syntax, so this pattern runs on the JDK engine under a budget
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: lookahead
                    capability: text.submit
                    match_regex: "(?=(a+)+b)"
                allow:
                  - id: text
                    capability: text.submit
                """, "redos.yaml"));
        ActionEvent ok = ActionEvent.builder().actor("a").capability("text.submit").payload(Map.of("t", "aab")).build();
        assertThat(rt.evaluate(ok).ruleId()).as("the fallback engine does work on benign input").isEqualTo("lookahead");
        assertThat(rt.evaluate(ok.toBuilder().payload(Map.of("t", "hello")).build()).ruleId()).isEqualTo("text");

        AtomicInteger calls = new AtomicInteger();
        ActionEvent hostile = ok.toBuilder().payload(Map.of("t", "a".repeat(5_000) + "!")).build();
        Execution<Integer> run = rt.execute(hostile, e -> calls.incrementAndGet());
        Verdict v = run.verdict();
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_error");
        assertThat(v.reason()).contains("exceeded its evaluation budget");
        assertThat(v.authorized()).isFalse();
        assertThat(v.ruleId()).isNull();
        assertThat(calls).hasValue(0);
    }

    @Test
    @Timeout(10)
    void aBackreferenceOnHostileInputIsAPolicyErrorEvenInAnAllowRule() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                allow:
                  - id: doubled
                    capability: text.submit
                    match_regex: "^(a|aa)+\\\\1$"
                """, "backref.yaml"));
        ActionEvent benign = ActionEvent.builder().actor("a").capability("text.submit").payload(Map.of("t", "aaaa")).build();
        assertThat(rt.evaluate(benign).decision()).isEqualTo(Decision.ALLOW);
        Verdict v = rt.evaluate(benign.toBuilder().payload(Map.of("t", "a".repeat(3_000) + "b")).build());
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_error");
    }

    @Test
    @Timeout(10)
    void aBudgetedWhenMatchesIsAPolicyErrorToo() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: r
                    when: {payload.t: {matches: "(?<=x)(a+)+b"}}
                allow:
                  - capability: "*"
                """, "when.yaml"));
        Verdict v = rt.evaluate(ActionEvent.builder().actor("a").capability("c").payload(Map.of("t", "x" + "a".repeat(5_000))).build());
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_error");
        assertThat(v.decision()).isEqualTo(Decision.DENY);
    }

    @Test
    @Timeout(10)
    void deepRecursionInTheFallbackEngineIsAPolicyError() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: r
                    match_regex: "(?=.)(a|b)*c"
                allow:
                  - capability: "*"
                """, "deep.yaml"));
        Verdict v = rt.evaluate(ActionEvent.builder().actor("a").capability("c")
                .payload(Map.of("t", "ab".repeat(200_000))).build());
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_error");
        assertThat(v.reason()).as("the reason says what went wrong").startsWith("error while evaluating the policy: ")
                .doesNotEndWith("null");
    }

    @Test
    @Timeout(10)
    void aNestedQuantifierOnTheLinearEngineDecidesNormally() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                deny:
                  - id: nested
                    capability: text.submit
                    match_regex: "(a+)+$"
                allow:
                  - id: text
                    capability: text.submit
                """, "linear.yaml"));
        String hostile = "a".repeat(100_000) + "!";
        Verdict v = rt.evaluate(ActionEvent.builder().actor("a").capability("text.submit").payload(Map.of("t", hostile)).build());
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_allow");
        assertThat(v.ruleId()).isEqualTo("text");
        Verdict hit = rt.evaluate(ActionEvent.builder().actor("a").capability("text.submit")
                .payload(Map.of("t", "a".repeat(100_000))).build());
        assertThat(hit.ruleId()).isEqualTo("nested");
        assertThat(hit.decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void aPolicyErrorVerdictCarriesThePolicyAndCapability() {
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse(
                "deny:\n  - id: r\n    match_regex: \"(?=(a+)+b)\"\n", "err.yaml"));
        Verdict v = rt.evaluate(ActionEvent.builder().id("e9").actor("a").capability("c.d")
                .payload(Map.of("t", "a".repeat(2_000))).build());
        assertThat(v.reasonCode().wireName()).isEqualTo("policy_error");
        assertThat(v.eventId()).isEqualTo("e9");
        assertThat(v.capability()).isEqualTo("c.d");
        assertThat(v.policySha256()).isEqualTo(rt.policy().sha256());
        assertThat(v.toMap()).containsEntry("decision", "deny").containsEntry("authorized", false)
                .containsEntry("reason_code", "policy_error");
    }
}
