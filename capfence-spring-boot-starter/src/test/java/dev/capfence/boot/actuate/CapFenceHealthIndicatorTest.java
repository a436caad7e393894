package dev.capfence.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import dev.capfence.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CapFenceHealthIndicatorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceActuatorAutoConfiguration.class))
            .withPropertyValues("capfence.policy.allow[0].capability=x.y",
                    "capfence.policy.deny[0].capability=x.z");

    private static Health health(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBean("capfenceHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void upWithPolicyDetailsWithoutAudit() {
        runner.withPropertyValues("capfence.audit.type=none").run(ctx -> {
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            String sha256 = ctx.getBean(ActionRuntime.class).policy().sha256();
            assertThat(h.getDetails()).containsEntry("policy_sha256", sha256)
                    .containsEntry("rules", 2).containsEntry("mode", "enforce").doesNotContainKey("audit");
        });
    }

    @Test
    void upWithTheVerifiedHeadOfAnIntactJsonlChain(@TempDir Path dir) {
        Path log = dir.resolve("audit.jsonl");
        writeRecords(log);
        runner.withPropertyValues("capfence.audit.type=jsonl", "capfence.audit.path=" + log).run(ctx -> {
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("audit", "jsonl").containsEntry("audit_records_at_start", 2L)
                    .containsKey("audit_head_at_start");
        });
    }

    @Test
    void theDefaultMemoryChainIsVerifiedOnEveryProbe() {
        runner.withPropertyValues("capfence.audit.memory.max-records=2").run(ctx -> {
            assertThat(health(ctx).getDetails()).containsEntry("audit", "memory").containsEntry("audit_records", 0L);
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            for (int i = 0; i < 3; i++) {
                runtime.execute(ActionEvent.builder().actor("a").capability("x.y").build());
            }
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            // three decisions, the newest two kept: the chain verifies from seq 2
            assertThat(h.getDetails()).containsEntry("audit_records", 2L).containsEntry("audit_first_seq", 2L)
                    .containsEntry("audit_head", ((InMemoryAuditSink) ctx.getBean(AuditSink.class)).head().hash());
        });
    }

    @Test
    void downWithTheReasonWhenTheChainIsBroken(@TempDir Path dir) throws Exception {
        // The JSONL sink refuses to open a broken log, so break it after opening, before the startup check.
        Path log = dir.resolve("audit.jsonl");
        writeRecords(log);
        try (JsonlAuditSink sink = JsonlAuditSink.builder(log).open()) {
            List<String> lines = Files.readAllLines(log);
            Files.write(log, List.of(lines.get(0).replace("\"x.y\"", "\"x.q\""), lines.get(1)));
            ActionRuntime runtime = ActionRuntime.fromPolicy(Policy.parse("allow:\n  - capability: x.y\n", "p"));
            Health h = new CapFenceHealthIndicator(runtime, sink, StartupVerification.of(sink), null).health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("reason")).asString().contains("line 1");
        }
    }

    @Test
    void canBeSwitchedOffAndNeedsTheHealthClasses() {
        runner.withPropertyValues("management.health.capfence.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("capfenceHealthIndicator"));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("capfenceHealthIndicator"));
    }

    private void writeRecords(Path log) {
        runner.withPropertyValues("capfence.audit.type=jsonl", "capfence.audit.path=" + log).run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            runtime.execute(ActionEvent.builder().actor("a").capability("x.y").build());
            runtime.execute(ActionEvent.builder().actor("a").capability("x.z").build());
        });
    }
}
