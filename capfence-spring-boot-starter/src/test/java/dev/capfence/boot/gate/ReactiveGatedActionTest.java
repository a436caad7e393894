package dev.capfence.boot.gate;

import dev.capfence.boot.GatedAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.policy.Policy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** Methods returning a Mono or a CompletableFuture are decided when called, before any of their work starts. */
class ReactiveGatedActionTest {

    static class Payments {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger subscriptions = new AtomicInteger();
        private final AtomicInteger futureWork = new AtomicInteger();

        // methods, not fields: callers hold the CGLIB proxy, whose own fields are not the target's
        public AtomicInteger calls() {
            return calls;
        }

        public AtomicInteger subscriptions() {
            return subscriptions;
        }

        public AtomicInteger futureWork() {
            return futureWork;
        }

        @GatedAction(capability = "payments.refund")
        public Mono<String> refund(int amount) {
            calls.incrementAndGet();
            return Mono.fromCallable(() -> {
                subscriptions.incrementAndGet();
                return "refunded " + amount;
            });
        }

        @GatedAction(capability = "payments.refund")
        public CompletableFuture<String> refundLater(int amount) {
            calls.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                futureWork.incrementAndGet();
                return "refunded " + amount;
            });
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class))
            .withPropertyValues("capfence.actor.default=agent")
            .withBean(Policy.class, () -> Policy.parse("""
                    deny:
                      - capability: payments.refund
                        amount_gt: 100
                    allow:
                      - capability: payments.refund
                    """, "reactive.yaml"))
            .withBean(Payments.class, Payments::new);

    @Test
    void anAllowedMonoRunsWhenSubscribed() {
        runner.run(ctx -> {
            Payments payments = ctx.getBean(Payments.class);
            Mono<String> mono = payments.refund(5);
            assertThat(payments.subscriptions()).hasValue(0); // decided, not yet started
            assertThat(mono.block()).isEqualTo("refunded 5");
            assertThat(payments.subscriptions()).hasValue(1);
        });
    }

    @Test
    void aDeniedMonoIsRefusedAtTheCallSoNoSubscriptionCanStartIt() {
        runner.run(ctx -> {
            Payments payments = ctx.getBean(Payments.class);
            assertThatThrownBy(() -> payments.refund(500)).isInstanceOf(ActionDeniedException.class);
            assertThat(payments.calls()).hasValue(0);
            assertThat(payments.subscriptions()).hasValue(0);
        });
    }

    @Test
    void aDeniedCompletableFutureNeverStartsItsWork() {
        runner.run(ctx -> {
            Payments payments = ctx.getBean(Payments.class);
            assertThatThrownBy(() -> payments.refundLater(500)).isInstanceOf(ActionDeniedException.class);
            assertThat(payments.calls()).hasValue(0);
            assertThat(payments.futureWork()).hasValue(0);
            assertThat(payments.refundLater(7).get()).isEqualTo("refunded 7");
            assertThat(payments.futureWork()).hasValue(1);
        });
    }
}
