package dev.capfence.semantics.sql;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells what a SQL text really does: its statements, their kinds, the tables they touch and
 * whether an UPDATE or DELETE lacks a WHERE. See the package documentation for what is covered.
 *
 * <p>Thread-safe. A short plain read that one linear scan proves to be one ({@code SimpleSelect}) is
 * answered on the caller's thread. Every other analysis runs on a small pool of daemon worker threads so
 * that it can be bounded in time: a parse that has not finished in time is abandoned and the text
 * reported unparseable. The pool is created on the first analysis (a policy without SQL conditions never
 * starts it) and is sized by system properties read at that moment:
 * <ul>
 *   <li>{@value #WORKERS_PROPERTY}: worker threads, default the number of processors (at least 2);</li>
 *   <li>{@value #TIMEOUT_PROPERTY}: milliseconds one analysis may take, default {@value #TIMEOUT_MILLIS}.</li>
 * </ul>
 * An invalid value makes every analysis unparseable, naming the property: never a pass.
 */
public final class SqlAnalyzer {

    /** Longest input analysed, in chars; longer input is unparseable. */
    static final int MAX_CHARS = 256 * 1024;
    /** Time one analysis may take, from submission to result, unless {@value #TIMEOUT_PROPERTY} says otherwise. */
    static final long TIMEOUT_MILLIS = 5_000;
    /** System property: how many worker threads analyse SQL. */
    public static final String WORKERS_PROPERTY = "capfence.sql.workers";
    /** System property: how many milliseconds one analysis may take. */
    public static final String TIMEOUT_PROPERTY = "capfence.sql.timeout-millis";
    /** Big enough for the nesting we accept ({@link ScriptReader#MAX_NESTING}) with room to spare. */
    private static final long WORKER_STACK_BYTES = 16L * 1024 * 1024;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Holder idiom: the pool and its settings come into being on the first analysis, not at class loading. */
    private static final class Workers {
        static final String PROBLEM;
        static final long TIMEOUT;
        static final ThreadPoolExecutor POOL;

        static {
            String problem = null;
            long timeout = TIMEOUT_MILLIS;
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            try {
                timeout = positive(TIMEOUT_PROPERTY, timeout);
                threads = (int) Math.min(256, positive(WORKERS_PROPERTY, threads));
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            PROBLEM = problem;
            TIMEOUT = timeout;
            POOL = problem == null ? newWorkers(threads) : null;
        }

        private static long positive(String property, long otherwise) {
            String text = System.getProperty(property);
            if (text == null || text.isBlank()) {
                return otherwise;
            }
            try {
                long value = Long.parseLong(text.strip());
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(property + " must be a positive whole number, not '" + text + "'");
        }
    }

    /** Whether the worker pool exists yet: false until the first SQL text is analysed. */
    static boolean started() {
        return STARTED.get();
    }

    private SqlAnalyzer() {
    }

    /**
     * Analyses {@code sql}. Never throws: whatever cannot be read with certainty makes the result
     * {@link SqlScript#unparseable() unparseable}, with the reason in its problems. Null, empty or
     * blank input (or input holding only comments) has no statements and is not unparseable.
     */
    public static SqlScript analyze(String sql) {
        return analyze(sql, -1);
    }

    /** A negative {@code timeoutMillis} means the configured timeout. */
    static SqlScript analyze(String sql, long timeoutMillis) {
        try {
            if (sql == null || sql.isBlank()) {
                return new SqlScript(List.of(), false, List.of());
            }
            if (sql.length() > MAX_CHARS) {
                return failed("input is longer than " + MAX_CHARS + " characters");
            }
            STARTED.set(true);
            if (Workers.PROBLEM != null) {
                return failed("not analysed: " + Workers.PROBLEM);
            }
            SqlScript plainRead = SimpleSelect.read(sql);
            if (plainRead != null) {
                return plainRead; // proven in one linear scan: no parser, no worker thread, nothing to bound
            }
            if (timeoutMillis < 0) {
                timeoutMillis = Workers.TIMEOUT;
            }
            ScriptReader reader = new ScriptReader();
            Future<SqlScript> result;
            try {
                result = Workers.POOL.submit(() -> reader.read(sql));
            } catch (RejectedExecutionException e) {
                return failed("too many SQL analyses waiting; not analysed");
            }
            try {
                return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reader.cancel();
                result.cancel(true);
                return failed("analysis did not finish within " + timeoutMillis + " ms");
            } catch (InterruptedException e) {
                reader.cancel();
                result.cancel(true);
                Thread.currentThread().interrupt();
                return failed("analysis interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                return failed(cause instanceof StackOverflowError
                        ? "nested too deeply to analyse"
                        : "analysis failed: " + cause);
            }
        } catch (Throwable t) { // the contract is to never throw, whatever happened
            return failed("analysis failed: " + t.getClass().getName());
        }
    }

    private static SqlScript failed(String problem) {
        return new SqlScript(List.of(), true, List.of(problem));
    }

    private static ThreadPoolExecutor newWorkers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1024), task -> {
                    Thread t = new Thread(null, task, "capfence-sql-" + count.incrementAndGet(), WORKER_STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
