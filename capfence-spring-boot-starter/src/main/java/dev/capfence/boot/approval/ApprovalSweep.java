package dev.capfence.boot.approval;

import dev.capfence.approval.Approval;
import dev.capfence.engine.ActionRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Expires pending approvals past their timeout every {@code capfence.approvals.sweep-interval}, each with its audit
 * record and an {@link ApprovalEvent}, so listings, the inbox and notifications agree without waiting for someone
 * to touch the approval. Several instances sharing a store may sweep at once: each approval is expired by one.
 */
final class ApprovalSweep implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(ApprovalSweep.class);

    private final ActionRuntime runtime;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ApprovalSweep(ActionRuntime runtime, Duration interval) {
        this.runtime = runtime;
        this.interval = interval;
    }

    /** One sweep; what it expired. */
    List<Approval> sweep() {
        return runtime.approvals().expireDue();
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capfence-approval-sweep");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::sweepLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            List<Approval> expired = sweep();
            if (!expired.isEmpty()) {
                LOG.info("CapFence expired " + expired.size() + " pending approval(s)");
            }
        } catch (RuntimeException e) {
            // a store that is down now may be up at the next sweep; expiry is also applied when an approval is used
            LOG.warn("CapFence approval sweep failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
