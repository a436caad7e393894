package dev.capfence.boot.approval;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.capfence.approval.Approval;
import dev.capfence.approval.ApprovalStatus;
import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ApprovalEvents per transition, the expiry sweep, and the signed webhook with its retries. */
class ApprovalNotificationsTest {

    private static final String RULES = "capfence.policy.require-approval[0].capability=payments.refund";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceApprovalAutoConfiguration.class))
            .withUserConfiguration(Heard.class)
            .withPropertyValues(RULES);

    private HttpServer receiver;
    private final List<Map.Entry<String, byte[]>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failFirst.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(Map.entry(String.valueOf(exchange.getRequestHeaders().getFirst("X-CapFence-Signature")),
                        body));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** Collects the events the application would hear. */
    @Configuration(proxyBeanMethods = false)
    static class Heard {
        final List<String> transitions = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<ApprovalEvent> collect() {
            return e -> transitions.add(e.transition());
        }
    }

    private static ActionEvent refund(int amount) {
        return ActionEvent.builder().actor("agent").capability("payments.refund").payload(Map.of("amount", amount))
                .build();
    }

    @Test
    void everyTransitionIsAnApplicationEvent() {
        runner.run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            String id = runtime.execute(refund(5)).approvalId();
            runtime.approvals().approve(id, "alice", "ok");
            assertThat(runtime.execute(refund(5)).decision()).isEqualTo(Decision.ALLOW);
            runtime.approvals().reject(runtime.execute(refund(6)).approvalId(), "alice", "no");

            assertThat(ctx.getBean(Heard.class).transitions)
                    .containsExactly("requested", "approved", "consumed", "requested", "rejected");
        });
    }

    @Test
    void theSweepExpiresDueApprovalsWithoutAnyoneTouchingThem() {
        runner.withPropertyValues("capfence.approvals.timeout=300ms", "capfence.approvals.sweep-interval=100ms")
                .run(ctx -> {
                    ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
                    String id = runtime.execute(refund(5)).approvalId();
                    awaitTrue(() -> runtime.approvals().get(id).orElseThrow().status() == ApprovalStatus.EXPIRED);
                    assertThat(ctx.getBean(Heard.class).transitions).containsExactly("requested", "expired");
                });
    }

    @Test
    void aBadSweepIntervalStopsStartup() {
        runner.withPropertyValues("capfence.approvals.sweep-interval=0s").run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                        .hasMessageContaining("sweep-interval must be positive"));
    }

    @Test
    void webhookIsSignedLinksTheInboxAndIsRetriedUntilTheReceiverAnswers() {
        failFirst.set(2);
        runner.withPropertyValues(webhook(), "capfence.approvals.webhook.secret=s3cret",
                "capfence.approvals.webhook.backoff=50ms", "capfence.console.base-url=https://ops.example.com/")
                .run(ctx -> {
                    ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
                    String id = runtime.execute(refund(5)).approvalId();
                    awaitTrue(() -> received.size() == 1);
                    Map.Entry<String, byte[]> hook = received.get(0);
                    assertThat(hook.getKey()).isEqualTo("sha256="
                            + ApprovalWebhook.sign("s3cret".getBytes(StandardCharsets.UTF_8), hook.getValue()));
                    JsonNode body = JSON.readTree(hook.getValue());
                    assertThat(body.get("event").asString()).isEqualTo("approval.requested");
                    assertThat(body.get("url").asString())
                            .isEqualTo("https://ops.example.com/capfence/approvals/" + id);
                    assertThat(body.get("text").asString()).startsWith("Approval requested: payments.refund by agent")
                            .contains("<https://ops.example.com/capfence/approvals/" + id + "|review>");
                    assertThat(body.get("approval").get("id").asString()).isEqualTo(id);
                    assertThat(failFirst.get()).as("two refusals, then delivered").isEqualTo(-1);
                });
    }

    @Test
    void aDeadWebhookNeitherBlocksNorChangesADecision() {
        failFirst.set(Integer.MAX_VALUE);
        runner.withPropertyValues(webhook(), "capfence.approvals.webhook.max-attempts=2",
                "capfence.approvals.webhook.backoff=10ms").run(ctx -> {
                    ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
                    long start = System.nanoTime();
                    String id = runtime.execute(refund(5)).approvalId();
                    Approval approved = runtime.approvals().approve(id, "alice", null);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                    assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
                    assertThat(runtime.execute(refund(5)).decision()).isEqualTo(Decision.ALLOW);
                    // the second transition's two attempts are made and given up on
                    awaitTrue(() -> failFirst.get() <= Integer.MAX_VALUE - 4);
                    assertThat(received).isEmpty();
                });
    }

    @Test
    void aWebhookUrlThatIsNotHttpStopsStartup() {
        runner.withPropertyValues("capfence.approvals.webhook.url=file:/etc/passwd").run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                        .hasMessageContaining("must be an http or https URL"));
    }

    private String webhook() {
        return "capfence.approvals.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }
}
