package dev.capfence.boot.gate;

import dev.capfence.boot.GatedAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.policy.Policy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * {@code @Async} advice goes in front of every other advisor, so the decision is made on the executor thread,
 * still before the body: the actor must be resolvable there (runAs does not cross threads) and a denial reaches
 * the caller through the returned future.
 */
class AsyncGatedActionTest {

    static class Jobs {
        private final AtomicInteger runs = new AtomicInteger();

        public int runs() {
            return runs.get();
        }

        @Async
        @GatedAction(capability = "jobs.run")
        public CompletableFuture<String> run(String job) {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture("ran " + job);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncConfig {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class))
            .withUserConfiguration(AsyncConfig.class)
            .withBean(Policy.class, () -> Policy.parse("version: 1\nallow:\n  - capability: jobs.run\n    actor: svc\n",
                    "async.yaml"))
            .withBean(Jobs.class, Jobs::new);

    @Test
    void allowedAsyncCallRuns() {
        runner.withPropertyValues("capfence.actor.default=svc").run(ctx ->
                assertThat(ctx.getBean(Jobs.class).run("a").get()).isEqualTo("ran a"));
    }

    @Test
    void deniedAsyncCallFailsTheFutureAndNeverRuns() {
        runner.withPropertyValues("capfence.actor.default=other").run(ctx -> {
            Jobs jobs = ctx.getBean(Jobs.class);
            assertThatThrownBy(() -> jobs.run("b").get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ActionDeniedException.class);
            assertThat(jobs.runs()).isZero();
        });
    }
}
