package dev.capfence.boot.reload;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the policy ({@code capfence.policy.reload}): every interval it compiles the configured policy again and,
 * when its content changed, replaces the runtime's policy in one step ({@link ActionRuntime#replacePolicy}). A
 * policy that does not compile is rejected: the last good one stays in force, the error is logged once and counted,
 * and {@link #problem()} reports it (the health indicator turns DOWN) until a valid policy is in place.
 *
 * <p>Polling the compiled content rather than file events: it sees changes to files the policy extends, and
 * survives editors that replace files and Kubernetes config maps that swap symlinks.
 */
public final class PolicyReloader implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(PolicyReloader.class);

    /** What one check found. */
    public enum Outcome { UNCHANGED, RELOADED, REJECTED }

    private final ActionRuntime runtime;
    private final Supplier<Policy> loader;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile String problem;
    private volatile Instant lastReload;
    private volatile long reloads;
    private volatile long failures;

    /** {@code loader} compiles the configured policy, throwing an exception that names the problem. */
    public PolicyReloader(ActionRuntime runtime, Supplier<Policy> loader, Duration interval) {
        this.runtime = runtime;
        this.loader = loader;
        this.interval = interval;
    }

    /** Compiles the policy again and swaps it in when it changed; also what the schedule runs. */
    public synchronized Outcome check() {
        Policy next;
        try {
            next = loader.get();
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError, StackOverflowError from a pathological file): it came from compiling
            // the candidate, which is dropped here; the policy in force is untouched and keeps deciding.
            String why = e instanceof Error ? "the policy could not be compiled: " + e
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            if (!why.equals(problem)) { // one log line and one count per rejected change, not per poll
                failures++;
                LOG.error("CapFence rejected the changed policy; the previous one stays in force (sha256 "
                        + runtime.policy().sha256() + "):\n" + why);
            }
            problem = why;
            return Outcome.REJECTED;
        }
        problem = null;
        if (next.sha256().equals(runtime.policy().sha256())) {
            return Outcome.UNCHANGED;
        }
        String previous = runtime.policy().sha256();
        runtime.replacePolicy(next);
        reloads++;
        lastReload = Instant.now();
        LOG.info("CapFence policy reloaded: sha256 " + previous + " -> " + next.sha256() + " (" + next.ruleCount()
                + " rules)");
        return Outcome.RELOADED;
    }

    /** Why the last check rejected the policy, or null while the policy on disk is the one in force. */
    public String problem() {
        return problem;
    }

    /** When a changed policy was last swapped in; null if never. */
    public Instant lastReload() {
        return lastReload;
    }

    /** Changed policies swapped in. */
    public long reloads() {
        return reloads;
    }

    /** Changed policies rejected as invalid. */
    public long failures() {
        return failures;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capfence-policy-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException | Error e) { // a scheduled task that throws is never run again
            LOG.error("CapFence policy reload check failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
