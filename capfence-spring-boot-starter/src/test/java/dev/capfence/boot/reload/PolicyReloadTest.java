package dev.capfence.boot.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capfence.boot.actuate.CapFenceActuatorAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceMetricsAutoConfiguration;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

class PolicyReloadTest {

    private static final String ALLOW = """
            allow:
              - capability: refund.create
            """;
    private static final String DENY = """
            deny:
              - capability: refund.create
                reason: refunds are frozen
            """;

    @TempDir
    Path dir;

    private ApplicationContextRunner runner(Path policy, String... more) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                        CapFenceActuatorAutoConfiguration.class, CapFenceMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("capfence.policy.location=file:" + policy, "capfence.policy.reload=true",
                        "capfence.policy.reload-interval=1h") // checks are driven by the tests, except below
                .withPropertyValues(more);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("policy.yaml"), yaml);
    }

    private static Verdict refund(ApplicationContext ctx) {
        return ctx.getBean(ActionRuntime.class).execute(ActionEvent.builder().actor("agent").tool("refunds")
                .capability("refund.create").payload(Map.of("amount", 5)).build());
    }

    private static Health health(ApplicationContext ctx) {
        return ctx.getBean("capfenceHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void aChangedValidPolicyReplacesTheRunningOne() throws IOException {
        Path policy = write(ALLOW);
        runner(policy).run(ctx -> {
            PolicyReloader reloader = ctx.getBean(PolicyReloader.class);
            assertThat(refund(ctx).decision()).isEqualTo(Decision.ALLOW);
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.UNCHANGED);

            write(DENY);
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.RELOADED);

            Verdict after = refund(ctx);
            assertThat(after.decision()).isEqualTo(Decision.DENY);
            assertThat(after.reason()).isEqualTo("refunds are frozen");
            assertThat(health(ctx).getStatus()).isEqualTo(Status.UP);
            assertThat(health(ctx).getDetails()).containsKey("policy_reloaded_at");
            assertThat(ctx.getBean(MeterRegistry.class).get("capfence.policy.reloads").tag("result", "reloaded")
                    .functionCounter().count()).isEqualTo(1.0);
        });
    }

    @Test
    void anInvalidPolicyIsRejectedTheLastGoodOneStaysAndHealthTurnsDown() throws IOException {
        Path policy = write(DENY);
        runner(policy).run(ctx -> {
            PolicyReloader reloader = ctx.getBean(PolicyReloader.class);
            String good = ctx.getBean(ActionRuntime.class).policy().sha256();

            write("deny:\n  - capabilty: refund.create\n");
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.REJECTED);
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.REJECTED); // polled again: counted once

            assertThat(ctx.getBean(ActionRuntime.class).policy().sha256()).isEqualTo(good);
            assertThat(refund(ctx).decision()).isEqualTo(Decision.DENY);
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("policy_error")).asString()
                    .contains("policy.yaml:2:").contains("capabilty").contains("capability");
            assertThat(ctx.getBean(MeterRegistry.class).get("capfence.policy.reloads").tag("result", "rejected")
                    .functionCounter().count()).isEqualTo(1.0);

            write(ALLOW); // fixed: swapped in, healthy again
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.RELOADED);
            assertThat(health(ctx).getStatus()).isEqualTo(Status.UP);
            assertThat(refund(ctx).decision()).isEqualTo(Decision.ALLOW);
        });
    }

    @Test
    void aChangeToAnExtendedFileIsSeen() throws IOException {
        Files.writeString(dir.resolve("base.yaml"), ALLOW);
        Path policy = write("extends: base.yaml\n");
        runner(policy).run(ctx -> {
            assertThat(refund(ctx).decision()).isEqualTo(Decision.ALLOW);
            Files.writeString(dir.resolve("base.yaml"), DENY);
            assertThat(ctx.getBean(PolicyReloader.class).check()).isEqualTo(PolicyReloader.Outcome.RELOADED);
            assertThat(refund(ctx).decision()).isEqualTo(Decision.DENY);
        });
    }

    @Test
    void theScheduleReloadsWithoutBeingAsked() throws IOException {
        Path policy = write(ALLOW);
        runner(policy, "capfence.policy.reload-interval=50ms").run(ctx -> {
            assertThat(ctx.getBean(PolicyReloader.class).isRunning()).isTrue();
            write(DENY);
            await().atMost(Duration.ofSeconds(20)).until(() -> refund(ctx).decision() == Decision.DENY);
        });
    }

    @Test
    void offByDefaultAndRefusedWithoutAPolicyFile() throws IOException {
        Path policy = write(ALLOW);
        runner(policy, "capfence.policy.reload=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(PolicyReloader.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class))
                .withPropertyValues("capfence.policy.allow[0].capability=x.y", "capfence.policy.reload=true")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("capfence.policy.location is not set"));
    }

    @Test
    void aPathologicalRegexSwappedInIsRejectedQuicklyAndTheLastGoodPolicyStays() throws IOException {
        Path policy = write(ALLOW);
        runner(policy).run(ctx -> {
            PolicyReloader reloader = ctx.getBean(PolicyReloader.class);
            String good = ctx.getBean(ActionRuntime.class).policy().sha256();

            // compiled as written, this regex is a program of 10^9 instructions: a minute, then OutOfMemoryError
            write("""
                    deny:
                      - capability: refund.create
                        match_regex: ['((a{1000}){1000}){1000}']
                    """);
            long start = System.nanoTime();
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.REJECTED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            assertThat(ctx.getBean(ActionRuntime.class).policy().sha256()).isEqualTo(good);
            assertThat(refund(ctx).decision()).isEqualTo(Decision.ALLOW);
            Health h = health(ctx);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("policy_error")).asString().contains("policy.yaml:3:")
                    .contains("regex too large: repetition nesting expands to 1001001000 > 10000");
        });
    }

    @Test
    void anErrorWhileCompilingIsARejectionNotACrash() {
        ActionRuntime runtime = ActionRuntime.fromPolicy(dev.capfence.policy.Policy.parse(ALLOW, "allow.yaml"));
        String good = runtime.policy().sha256();
        for (Error error : new Error[] {new OutOfMemoryError("Java heap space"), new StackOverflowError()}) {
            PolicyReloader reloader = new PolicyReloader(runtime, () -> {
                throw error;
            }, Duration.ofHours(1));
            assertThat(reloader.check()).isEqualTo(PolicyReloader.Outcome.REJECTED);
            assertThat(reloader.problem()).isEqualTo("the policy could not be compiled: " + error);
            assertThat(reloader.failures()).isEqualTo(1);
            assertThat(runtime.policy().sha256()).isEqualTo(good);
        }
    }

    @Test
    void theScheduleSurvivesAnErrorAndKeepsChecking() throws IOException {
        Path policy = write(ALLOW);
        ActionRuntime runtime = ActionRuntime.fromPolicy(dev.capfence.policy.Policy.load(policy));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        PolicyReloader reloader = new PolicyReloader(runtime, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            return dev.capfence.policy.Policy.parse(DENY, "deny.yaml");
        }, Duration.ofMillis(20));
        reloader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.policy().ruleCount() == 1
                    && refundDecision(runtime) == Decision.DENY);
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        } finally {
            reloader.stop();
        }
    }

    private static Decision refundDecision(ActionRuntime runtime) {
        return runtime.evaluate(ActionEvent.builder().actor("agent").capability("refund.create").build()).decision();
    }
}
