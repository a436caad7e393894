package dev.capfence.cli;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.EventLimits;
import dev.capfence.event.InvalidEventException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Decides batches of event lines and writes their verdicts in input order. Parsing events and formatting verdicts,
 * which depend on nothing but their own line, run on {@code threads} workers; deciding runs on one thread, batch
 * after batch in input order, so approvals, limits and the audit chain change exactly as with one thread. With one
 * thread every step runs inline on the caller's.
 */
final class EventBatches implements AutoCloseable {

    /** Lines per batch: enough to amortise the hand-offs, few enough to keep memory small. */
    static final int SIZE = 256;

    /** One event line: its bytes (perhaps only the first of them), its full size and its 1-based number (0: a whole file). */
    record Line(byte[] bytes, long size, int number) {
    }

    /** A line read as an event, or why it could not be. */
    private record Parsed(ActionEvent event, InvalidEventException problem, int line) {
    }

    /** A batch's verdicts as UTF-8 text (the first {@code length} bytes), and how many could not be recorded. */
    record Printed(byte[] text, int length, int unrecorded) {
    }

    /** Formats a batch's verdicts from them alone ({@code first}: whether they are the first written), on any thread. */
    interface Printer {
        Printed print(List<Verdict> verdicts, boolean first);
    }

    private final ActionRuntime runtime;
    private final EventLimits limits;
    private final Printer printer;
    private final ExecutorService workers;  // null: inline
    private final ExecutorService decider;  // null: inline
    private final int window;
    private final Deque<CompletableFuture<Printed>> inFlight = new ArrayDeque<>();
    private CompletableFuture<List<Verdict>> lastDecided = CompletableFuture.completedFuture(List.of());
    private boolean started;
    private int unrecorded;

    EventBatches(ActionRuntime runtime, EventLimits limits, int threads, Printer printer) {
        this.runtime = runtime;
        this.limits = limits;
        this.printer = printer;
        this.workers = threads > 1 ? Executors.newFixedThreadPool(threads, daemon("capfence-check-worker")) : null;
        this.decider = threads > 1 ? Executors.newSingleThreadExecutor(daemon("capfence-check-decider")) : null;
        this.window = 2 * threads + 2; // batches in flight: every worker busy, one more queued for each
    }

    /** Starts a batch; writes whichever earlier batches are done, waiting when too many are in flight. */
    void submit(List<Line> batch, OutputStream out) {
        if (batch.isEmpty()) {
            return;
        }
        CompletableFuture<List<Parsed>> parsed = workers == null
                ? CompletableFuture.completedFuture(parse(batch))
                : CompletableFuture.supplyAsync(() -> parse(batch), workers);
        // Each batch is decided after the one before it: the order of every state change is the input's.
        CompletableFuture<List<Verdict>> decided = decider == null
                ? parsed.thenCombine(lastDecided, (p, before) -> decide(p))
                : parsed.thenCombineAsync(lastDecided, (p, before) -> decide(p), decider);
        lastDecided = decided;
        boolean first = !started;
        started = true;
        inFlight.add(workers == null ? decided.thenApply(v -> printer.print(v, first))
                : decided.thenApplyAsync(v -> printer.print(v, first), workers));
        while (!inFlight.isEmpty() && (inFlight.size() > window || inFlight.peek().isDone())) {
            write(inFlight.poll(), out);
        }
    }

    /** Writes every batch submitted so far (not flushed). */
    void drain(OutputStream out) {
        while (!inFlight.isEmpty()) {
            write(inFlight.poll(), out);
        }
    }

    /** Verdicts written so far that say their decision could not be recorded. */
    int unrecorded() {
        return unrecorded;
    }

    private void write(CompletableFuture<Printed> batch, OutputStream out) {
        Printed printed;
        try {
            printed = batch.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        try {
            out.write(printed.text(), 0, printed.length());
        } catch (IOException e) {
            throw new CliFailure("capfence: cannot write verdicts: " + Inputs.describe(e));
        }
        unrecorded += printed.unrecorded();
    }

    private List<Parsed> parse(List<Line> batch) {
        Parsed[] parsed = new Parsed[batch.size()];
        for (int i = 0; i < parsed.length; i++) {
            Line line = batch.get(i);
            try {
                parsed[i] = new Parsed(Inputs.event(line.bytes(), line.size(), limits), null, line.number());
            } catch (InvalidEventException e) {
                parsed[i] = new Parsed(null, e, line.number());
            }
        }
        return List.of(parsed);
    }

    private List<Verdict> decide(List<Parsed> batch) {
        Verdict[] verdicts = new Verdict[batch.size()];
        for (int i = 0; i < verdicts.length; i++) {
            Parsed p = batch.get(i);
            verdicts[i] = p.problem() != null
                    ? runtime.executeInvalid(p.problem(), p.line() > 0 ? "line " + p.line() + ": " : "")
                    : runtime.execute(p.event()); // without an audit sink, the same as evaluate
        }
        return List.of(verdicts);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
            decider.shutdownNow();
        }
    }
}
