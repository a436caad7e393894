package dev.capfence.boot.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.reload.PolicyReloader;
import dev.capfence.engine.ActionDeniedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Gated calls from many threads while the policy file flips between allowing and denying them. */
@SpringBootTest
class ReloadUnderLoadTest {

    private static final String ALLOWS = """
            allow:
              - id: refunds-open
                capability: payments.refund
            """;
    private static final String DENIES = """
            deny:
              - id: refunds-frozen
                capability: payments.refund
                reason: refunds are frozen
            """;

    private static final Path POLICY = policyFile();

    private static Path policyFile() {
        try {
            Path dir = Files.createTempDirectory("capfence-reload");
            return Files.writeString(dir.resolve("policy.yaml"), ALLOWS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void policy(DynamicPropertyRegistry registry) {
        registry.add("capfence.policy.location", () -> "file:" + POLICY);
        registry.add("capfence.policy.reload", () -> "true");
        registry.add("capfence.policy.reload-interval", () -> "1h"); // the test drives the checks
    }

    @Autowired RefundService refunds;
    @Autowired PolicyReloader reloader;

    @Test
    void everyCallIsDecidedByTheOldOrTheNewPolicyNeverByNone() throws Exception {
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(callers);
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                started.countDown();
                while (running.get()) {
                    try {
                        CapFenceActor.runAs("agent-1", () -> refunds.refund("o-1", BigDecimal.ONE, "k"));
                        allowed.incrementAndGet();
                    } catch (ActionDeniedException e) {
                        if ("refunds-frozen".equals(e.verdict().ruleId())) {
                            denied.incrementAndGet();
                        } else {
                            unexpected.add(e); // no policy, a policy error, an invalid event: never acceptable
                        }
                    } catch (Exception e) {
                        unexpected.add(e);
                    }
                }
            }));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        int reloads = 0;
        for (int i = 0; i < 40; i++) {
            Files.writeString(POLICY, i % 2 == 0 ? DENIES : ALLOWS);
            if (reloader.check() == PolicyReloader.Outcome.RELOADED) {
                reloads++;
            }
        }
        running.set(false);
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(unexpected).isEmpty();
        assertThat(reloads).isEqualTo(40);
        assertThat(allowed.get()).isPositive();
        assertThat(denied.get()).isPositive();
        assertThat(refunds.refunds().get()).isEqualTo(allowed.get()); // the body ran exactly for the allowed calls
    }
}
