package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedScenarioTest {

    @TempDir
    Path dir;

    @Test
    void rmRfInProductionIsDeniedAndTheExecutorNeverRuns() throws Exception {
        Path policy = dir.resolve("shell.yaml");
        Files.writeString(policy, """
                deny:
                  - capability: shell.exec.production
                    contains: "rm -rf"
                allow:
                  - capability: shell.exec.readonly
                """);
        ActionRuntime runtime = ActionRuntime.fromPolicy(policy);
        ActionEvent event = ActionEvent.create("ops-agent", "shell", "exec", "production",
                Map.of("command", "rm -rf /var/lib/postgresql"));

        Verdict verdict = runtime.execute(event);
        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reasonCode().wireName()).isEqualTo("policy_deny");
        assertThat(verdict.toolInvoked()).isFalse();
        assertThat(verdict.capability()).isEqualTo("shell.exec.production");

        AtomicInteger calls = new AtomicInteger();
        Execution<String> run = runtime.execute(event, e -> {
            calls.incrementAndGet();
            return "ran";
        });
        assertThat(calls).hasValue(0);
        assertThat(run.verdict().toolInvoked()).isFalse();

        Execution<String> readonly = runtime.execute(
                ActionEvent.create("ops-agent", "shell", "exec", "readonly", Map.of("command", "ls")), e -> "listed");
        assertThat(readonly.result()).isEqualTo("listed");
        assertThat(readonly.verdict().toolInvoked()).isTrue();
    }

    @Test
    void refundThresholds() {
        ActionRuntime runtime = ActionRuntime.fromPolicy(Policy.parse("""
                require_approval:
                  - capability: payments.refund
                    amount_gt: 1000
                allow:
                  - capability: payments.refund
                    amount_lte: 1000
                """, "refunds.yaml"));
        Verdict small = runtime.evaluate(ActionEvent.builder().actor("support").capability("payments.refund")
                .payload(Map.of("amount", 50)).build());
        Verdict large = runtime.evaluate(ActionEvent.builder().actor("support").capability("payments.refund")
                .payload(Map.of("amount", 5000)).build());
        assertThat(small.decision()).isEqualTo(Decision.ALLOW);
        assertThat(small.authorized()).isTrue();
        assertThat(large.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(large.authorized()).isFalse();
        assertThat(large.reasonCode().wireName()).isEqualTo("policy_require_approval");
    }
}
