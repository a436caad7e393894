package dev.capfence.boot.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.CapFenceObserver;
import dev.capfence.boot.GatedAction;
import dev.capfence.boot.RefusalHandler;
import dev.capfence.boot.RefusedCall;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The one gated-call path: outcomes of work that ends later, the refusal handler, the observers. */
class GatedCallsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static class Ledger {
        final AtomicInteger bookings = new AtomicInteger();
        final CompletableFuture<String> pending = new CompletableFuture<>();

        // methods, not fields: callers hold the CGLIB proxy, whose own fields are not the target's
        public AtomicInteger bookings() {
            return bookings;
        }

        public CompletableFuture<String> pending() {
            return pending;
        }

        @GatedAction(capability = "ledger.book")
        public CompletableFuture<String> bookLater(int amount) {
            return pending.thenApply(v -> {
                bookings.incrementAndGet();
                return v + amount;
            });
        }

        @GatedAction(capability = "ledger.book")
        public Mono<String> book(int amount) {
            return Mono.fromCallable(() -> "booked " + bookings.incrementAndGet());
        }

        @GatedAction(capability = "ledger.book")
        public Flux<Integer> bookEach(int amount) {
            return Flux.range(1, 3).doOnNext(i -> bookings.incrementAndGet());
        }

        @GatedAction(capability = "ledger.book")
        public Optional<String> lookUp(int amount) {
            bookings.incrementAndGet();
            return Optional.of("found");
        }

        @GatedAction(capability = "ledger.book")
        public int count(int amount) {
            return bookings.incrementAndGet();
        }
    }

    static class Seen implements CapFenceObserver {
        final List<String> calls = new ArrayList<>();

        @Override
        public void toolCallCompleted(String toolName, Verdict verdict) {
            calls.add(toolName + " " + verdict.decision().wireName() + " invoked=" + verdict.toolInvoked());
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class))
            .withPropertyValues("capfence.actor.default=clerk")
            .withBean(InMemoryAuditSink.class, InMemoryAuditSink::create)
            .withBean(Seen.class, Seen::new)
            .withBean(Policy.class, () -> Policy.parse("""
                    deny:
                      - capability: ledger.book
                        amount_gt: 100
                        reason: too large
                    allow:
                      - capability: ledger.book
                    """, "ledger.yaml"))
            .withBean(Ledger.class, Ledger::new);

    @SuppressWarnings("unchecked")
    private static List<String> types(InMemoryAuditSink audit) {
        return audit.lines().stream().map(line -> (String) JSON.readValue(line, Map.class).get("type")).toList();
    }

    @Test
    void aFutureIsDecidedAtTheCallAndItsOutcomeRecordedWhenItCompletes() {
        runner.run(ctx -> {
            Ledger ledger = ctx.getBean(Ledger.class);
            InMemoryAuditSink audit = ctx.getBean(InMemoryAuditSink.class);

            CompletableFuture<String> booked = ledger.bookLater(5);
            assertThat(types(audit)).containsExactly("decision");

            ledger.pending().complete("booked ");
            assertThat(booked.join()).isEqualTo("booked 5");
            assertThat(types(audit)).containsExactly("decision", "outcome");
            assertThat(audit.lines().get(1)).contains("\"outcome\":\"success\"");
        });
    }

    @Test
    void aFailedFutureIsRecordedAsAFailure() {
        runner.run(ctx -> {
            Ledger ledger = ctx.getBean(Ledger.class);
            InMemoryAuditSink audit = ctx.getBean(InMemoryAuditSink.class);

            CompletableFuture<String> booked = ledger.bookLater(5);
            ledger.pending().completeExceptionally(new IllegalStateException("ledger closed"));

            assertThatThrownBy(booked::join).hasRootCauseMessage("ledger closed");
            assertThat(types(audit)).containsExactly("decision", "outcome");
            assertThat(audit.lines().get(1)).contains("java.lang.IllegalStateException", "ledger closed");
        });
    }

    @Test
    void aMonoRecordsItsOutcomeWhenItEndsAndRunsOncePerDecision() {
        runner.run(ctx -> {
            Ledger ledger = ctx.getBean(Ledger.class);
            InMemoryAuditSink audit = ctx.getBean(InMemoryAuditSink.class);

            Mono<String> booking = ledger.book(5);
            assertThat(types(audit)).containsExactly("decision");
            assertThat(booking.block()).isEqualTo("booked 1");
            assertThat(types(audit)).containsExactly("decision", "outcome");

            // A second subscription would run the work again on the same decision: refused.
            assertThatThrownBy(booking::block).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("call the method again");
            assertThat(ledger.bookings()).hasValue(1);
            assertThat(types(audit)).containsExactly("decision", "outcome");
        });
    }

    @Test
    void aFluxRecordsItsOutcomeWhenItCompletes() {
        runner.run(ctx -> {
            Ledger ledger = ctx.getBean(Ledger.class);
            InMemoryAuditSink audit = ctx.getBean(InMemoryAuditSink.class);

            Flux<Integer> each = ledger.bookEach(5);
            assertThat(types(audit)).containsExactly("decision");
            assertThat(each.collectList().block()).containsExactly(1, 2, 3);
            assertThat(types(audit)).containsExactly("decision", "outcome");
        });
    }

    @Test
    void aRefusalHandlerChoosesWhatARefusedCallReturnsAndTheCallDoesNotRun() {
        runner.withBean(RefusalHandler.class, () -> call -> call.returnType() == Optional.class
                        ? Optional.empty() : call.byDefault())
                .run(ctx -> {
                    Ledger ledger = ctx.getBean(Ledger.class);

                    assertThat(ledger.lookUp(500)).isEmpty();
                    assertThat(ledger.lookUp(5)).contains("found");
                    assertThatThrownBy(() -> ledger.count(500))
                            .isInstanceOf(dev.capfence.engine.ActionDeniedException.class).hasMessageContaining("too large");
                    assertThat(ledger.bookings()).hasValue(1);
                });
    }

    @Test
    void aHandlerValueOfTheWrongTypeKeepsTheCallRefusedAndSaysWhy() {
        runner.withBean(RefusalHandler.class, () -> call -> "no")
                .run(ctx -> {
                    Ledger ledger = ctx.getBean(Ledger.class);

                    assertThatThrownBy(() -> ledger.count(500)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("returned a java.lang.String for Ledger.count")
                            .hasMessageContaining("expect int");
                    assertThat(ledger.bookings()).hasValue(0);
                });
    }

    @Test
    void theHandlerIsToldTheRouteAndTheVerdict() {
        List<RefusedCall> seen = new ArrayList<>();
        runner.withBean(RefusalHandler.class, () -> call -> {
                    seen.add(call);
                    return call.byDefault();
                })
                .run(ctx -> {
                    assertThatThrownBy(() -> ctx.getBean(Ledger.class).count(500));
                    assertThat(seen).singleElement().satisfies(call -> {
                        assertThat(call.route()).isEqualTo(RefusedCall.Route.METHOD);
                        assertThat(call.toolName()).isEqualTo("Ledger.count");
                        assertThat(call.method().getName()).isEqualTo("count");
                        assertThat(call.awaitsApproval()).isFalse();
                        assertThat(call.verdict().reason()).isEqualTo("too large");
                    });
                });
    }

    @Test
    void observersHearOfEveryGatedCallOnceItIsOver() {
        runner.run(ctx -> {
            Ledger ledger = ctx.getBean(Ledger.class);
            ledger.count(5);
            assertThatThrownBy(() -> ledger.count(500));
            Mono<String> later = ledger.book(1);

            Seen seen = ctx.getBean(Seen.class);
            assertThat(seen.calls).containsExactly("Ledger.count allow invoked=true", "Ledger.count deny invoked=false");
            later.block();
            assertThat(seen.calls).hasSize(3).last().isEqualTo("Ledger.book allow invoked=true");
        });
    }
}
