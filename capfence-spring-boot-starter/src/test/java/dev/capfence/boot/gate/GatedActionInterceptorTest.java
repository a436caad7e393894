package dev.capfence.boot.gate;

import dev.capfence.boot.GatedAction;
import dev.capfence.boot.ActionParam;
import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.ActorSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The advice in a bare context: no AOP auto-configuration, no web, no transactions. */
class GatedActionInterceptorTest {

    record Refund(String order, int amount) {
    }

    interface Mailer {
        @GatedAction(resource = "mail", action = "send")
        String send(String to);
    }

    static class SmtpMailer implements Mailer {
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public String send(String to) {
            sent.incrementAndGet();
            return "sent to " + to;
        }
    }

    static class Tools {
        private final AtomicInteger started = new AtomicInteger();

        // read through a method: the caller holds a class proxy whose own fields are unused
        public int started() {
            return started.get();
        }

        @GatedAction(capability = "refunds.create", tool = "stripe")
        public Refund refund(Refund refund, @ActionParam(name = "note_text") String note,
                             @ActionParam(exclude = true) String apiKey) {
            return refund;
        }

        @GatedAction(capability = "jobs.start")
        public CompletableFuture<String> start(String job) {
            started.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "done " + job);
        }

        @GatedAction(capability = "jobs.fail")
        public void fail() {
            throw new StackOverflowError("boom");
        }

        public String ungated() {
            return "free";
        }
    }

    private static final String POLICY = """
            version: 1
            deny:
              - id: no-secrets
                capability: refunds.create
                contains: top-secret
            allow:
              - capability: [refunds.create, mail.send, jobs.fail]
              - capability: jobs.start
                actor: agent-*
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class))
            .withBean(Policy.class, () -> Policy.parse(POLICY, "test.yaml"))
            .withBean(InMemoryAuditSink.class, InMemoryAuditSink::create)
            .withBean(Tools.class, Tools::new)
            .withBean(Mailer.class, SmtpMailer::new)
            .withPropertyValues("capfence.actor.default=agent-1", "capfence.environment=test");

    @Test
    void argumentsBecomeThePayloadByName() {
        runner.run(ctx -> {
            Tools tools = ctx.getBean(Tools.class);
            assertThat(tools.refund(new Refund("o-1", 5), "fine", "sk_live_1")).isEqualTo(new Refund("o-1", 5));
            String audit = String.join("\n", ctx.getBean(InMemoryAuditSink.class).lines());
            assertThat(audit).contains("\"note_text\":\"fine\"", "\"order\":\"o-1\"", "\"amount\":5", "\"tool\":\"stripe\"",
                    "\"caller_depth\":1", "agent-1:refunds.create").doesNotContain("sk_live_1", "apiKey");
        });
    }

    @Test
    void recordFieldsAreVisibleToThePolicy() {
        runner.run(ctx -> assertThatThrownBy(() -> ctx.getBean(Tools.class)
                .refund(new Refund("top-secret", 1), "x", "k"))
                .isInstanceOfSatisfying(ActionDeniedException.class,
                        e -> assertThat(e.verdict().ruleId()).isEqualTo("no-secrets")));
    }

    @Test
    void annotationOnAnInterfaceMethodIsHonoured() {
        runner.withPropertyValues("capfence.actor.default=").run(ctx -> {
            Mailer mailer = ctx.getBean(Mailer.class);
            assertThatThrownBy(() -> mailer.send("bob")).isInstanceOf(ActionDeniedException.class);
            assertThat(CapFenceActor.runAs("agent-2", () -> mailer.send("bob"))).isEqualTo("sent to bob");
        });
    }

    @Test
    void futuresAreDecidedWhenTheMethodIsCalled() {
        runner.withPropertyValues("capfence.actor.default=someone").run(ctx -> {
            Tools tools = ctx.getBean(Tools.class);
            assertThatThrownBy(() -> tools.start("nightly")).isInstanceOf(ActionDeniedException.class);
            assertThat(tools.started()).isZero();
            assertThat(CapFenceActor.runAs("agent-3", () -> tools.start("nightly")).get()).isEqualTo("done nightly");
        });
    }

    @Test
    void errorsFromTheBodyPropagateUnchanged() {
        runner.run(ctx -> assertThatThrownBy(() -> ctx.getBean(Tools.class).fail())
                .isInstanceOf(StackOverflowError.class).hasMessage("boom"));
    }

    @Test
    void ungatedMethodsAreUntouchedAndACustomActorSourceWins() {
        runner.withBean(ActorSource.class, () -> () -> "from-source").run(ctx -> {
            assertThat(ctx.getBean(Tools.class).ungated()).isEqualTo("free");
            assertThat(ctx.getBean(ActorResolver.class).currentActor()).isEqualTo("from-source");
            assertThat(ctx.getBean(ActionRuntime.class).evaluate(
                    ActionEvent.create("x", "mail", "send", null, Map.of())).authorized()).isTrue();
        });
    }
}
