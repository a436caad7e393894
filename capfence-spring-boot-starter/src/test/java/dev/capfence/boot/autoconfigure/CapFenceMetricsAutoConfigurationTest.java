package dev.capfence.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CapFenceMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceMetricsAutoConfiguration.class))
            .withPropertyValues("capfence.policy.deny[0].id=no-rm",
                    "capfence.policy.deny[0].capability=shell.exec",
                    "capfence.policy.deny[0].contains=rm -rf",
                    "capfence.policy.allow[0].capability=shell.exec");

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("ops").capability("shell.exec")
                .payload(java.util.Map.of("command", command)).build();
    }

    @Test
    void countsDecisionsAndTimesEvaluationsByTag() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
            assertThat(ctx).hasSingleBean(DecisionMetrics.class);
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            runtime.execute(shell("ls"));
            runtime.execute(shell("ls -l"));
            runtime.execute(shell("rm -rf /"));
            runtime.evaluate(shell("ls")); // a dry run is not a decision

            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            assertThat(registry.get("capfence.decisions").tag("decision", "allow").tag("capability", "shell.exec")
                    .tag("reason_code", "policy_allow").counter().count()).isEqualTo(2.0);
            assertThat(registry.get("capfence.decisions").tag("decision", "deny")
                    .tag("reason_code", "policy_deny").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("capfence.evaluation").timers())
                    .extracting(t -> t.count()).containsExactlyInAnyOrder(2L, 1L);
        });
    }

    @Test
    void eachDecisionIsAnObservationWhenTheApplicationHasAnObservationRegistry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        runner.withBean(MeterRegistry.class, () -> meters).withBean(ObservationRegistry.class, () -> observations)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(DecisionObservation.class);
                    ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
                    runtime.execute(shell("ls"));
                    runtime.execute(shell("rm -rf /"));
                    runtime.evaluate(shell("rm -rf /")); // a dry run is not observed

                    assertThat(meters.get("capfence.decision").tag("capability", "shell.exec")
                            .tag("decision", "allow").tag("reason_code", "policy_allow").timer().count()).isEqualTo(1);
                    assertThat(meters.get("capfence.decision").tag("decision", "deny")
                            .tag("reason_code", "policy_deny").timer().count()).isEqualTo(1);
                });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DecisionObservation.class));
    }

    @Test
    void noRegistryNoMetrics() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(DecisionMetrics.class));
    }

    @Test
    void withoutMicrometerOnTheClasspathTheRuntimeStillStarts() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(ctx ->
                assertThat(ctx).hasNotFailed().hasSingleBean(ActionRuntime.class).doesNotHaveBean(DecisionMetrics.class));
    }
}
