package dev.capfence.semantics.shell.differential;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs command lines for real in bash and dash, each (line, shell) in a fresh overlay over / with no
 * network, traced with strace, and reports what happened: programs executed, files opened, files
 * written, exit status and output.
 *
 * <p>Work goes to batches; a batch is one {@code unshare -m -n} process running the sandbox runner script,
 * which prints "done ID" after each run so that its trace is parsed here while the next run goes on.
 */
final class SandboxOracle implements AutoCloseable {

    static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);
    static final int DEFAULT_WORKERS = 2;
    static final int OUTPUT_CHARS = 2_000;
    /** Exit status given to a line the limit stopped before its shell ended, as timeout(1) reports it. */
    static final int TIMED_OUT_EXIT = 124;
    private static final int MAX_BATCH = 64;
    /** A runner that reports nothing for this long beyond the time limit is stuck: it is killed. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final Path base;
    private final Path layer;
    private final Path runner;
    private final Duration timeLimit;
    private final int workerCount;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger batches = new AtomicInteger();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    private SandboxOracle(Path base, Duration timeLimit, int workerCount) {
        this.base = base;
        this.layer = base.resolve("layer");
        this.runner = base.resolve("sandbox-runner.sh");
        this.timeLimit = timeLimit;
        this.workerCount = workerCount;
        this.workers = Executors.newFixedThreadPool(workerCount, daemon("capfence-oracle-worker"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("capfence-oracle-watchdog"));
    }

    /** Empty when the sandbox can be built here; else one line saying why not. Cached. */
    static Optional<String> unavailableReason() {
        return SandboxProbe.unavailableReason();
    }

    /** An oracle with a 5 s limit per run and 2 parallel workers. */
    static SandboxOracle start() throws IOException {
        return start(DEFAULT_TIME_LIMIT, DEFAULT_WORKERS);
    }

    static SandboxOracle start(Duration timeLimit, int workers) throws IOException {
        if (timeLimit.isNegative() || timeLimit.isZero() || workers < 1) {
            throw new IllegalArgumentException("time limit must be positive and workers at least 1");
        }
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IOException("sandbox unavailable: " + reason.get());
        }
        Path base = Files.createTempDirectory("capfence-oracle-");
        SandboxOracle oracle = new SandboxOracle(base, timeLimit, workers);
        try {
            WorkspaceLayer.build(oracle.layer, base);
            SandboxProbe.copyRunner(oracle.runner);
            return oracle;
        } catch (IOException | RuntimeException e) {
            oracle.close();
            throw e;
        }
    }

    /**
     * Runs every line in every shell; results line-major, then shells in the given order. A line that
     * fails, hangs (stopped at the limit, timedOut) or cannot be a shell argument (NUL) still gets its
     * observation; an IOException means the sandbox itself broke.
     */
    List<Observation> run(List<String> lines, List<RealShell> shells) throws IOException {
        if (shells.isEmpty()) {
            throw new IllegalArgumentException("no shell to run in");
        }
        Observation[] results = new Observation[lines.size() * shells.size()];
        List<Run> pending = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            for (int s = 0; s < shells.size(); s++) {
                Run run = new Run(l * shells.size() + s, lines.get(l), shells.get(s));
                if (run.line().indexOf('\0') >= 0) {
                    results[run.id()] = new Observation(run.line(), run.shell(), -1, false, List.of(), List.of(),
                            Writes.none(), "", "a line with a NUL character cannot be a shell argument");
                } else {
                    pending.add(run);
                }
            }
        }
        int size = Math.max(1, Math.min(MAX_BATCH, (pending.size() + workerCount - 1) / workerCount));
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < pending.size(); from += size) {
            List<Run> batch = pending.subList(from, Math.min(pending.size(), from + size));
            futures.add(workers.submit(() -> {
                runBatch(batch, results);
                return null;
            }));
        }
        try {
            awaitAll(futures);
        } catch (IOException e) {
            running.forEach(SandboxOracle::killTree);   // a broken batch stops the call, and the others with it
            throw e;
        }
        return List.of(results);
    }

    private static void awaitAll(List<Future<?>> futures) throws IOException {
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("sandbox batch failed: " + cause, cause);
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running lines", e);
        }
    }

    private void runBatch(List<Run> batch, Observation[] results) throws IOException {
        Path dir = Files.createDirectory(base.resolve("batch-" + batches.incrementAndGet()));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Path input = dir.resolve("input");
        Map<Integer, Run> byId = new HashMap<>();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (Run run : batch) {
            byId.put(run.id(), run);
            Files.createDirectory(out.resolve(Integer.toString(run.id())));
            for (String field : List.of(Integer.toString(run.id()), run.shell().command(), run.line())) {
                records.writeBytes(field.getBytes(StandardCharsets.UTF_8));
                records.write(0);
            }
        }
        Files.write(input, records.toByteArray());

        ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "-n", "--propagation", "private",
                "/bin/bash", runner.toString(), scratch.toString(), layer.toString(), out.toString(),
                input.toString())
                .redirectError(dir.resolve("runner.err").toFile());
        builder.environment().clear();
        builder.environment().putAll(TraceParser.BASE_ENV);
        Process process = builder.start();
        running.add(process);
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        long stallNanos = timeLimit.plus(STALL).toNanos();
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > stallNanos) {
                killTree(process);
            }
        }, 1, 1, TimeUnit.SECONDS);
        // strace runs inside the sandbox root: its -y paths are the paths the line saw
        TraceParser parser = new TraceParser("", this::wasDirectory);
        Map<Integer, ScheduledFuture<?>> limits = new HashMap<>();
        Set<Integer> stopped = ConcurrentHashMap.newKeySet();
        // the runner's mounts, seen from here through its /proc/PID/root
        Path mounts = Path.of("/proc", Long.toString(process.pid()), "root").resolve(scratch.toString().substring(1));
        int done = 0;
        try (BufferedReader reports = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             OutputStream acks = process.getOutputStream()) {
            String report;
            while ((report = reports.readLine()) != null) {
                lastProgress.set(System.nanoTime());
                if (report.startsWith("start ")) {
                    String[] idAndPid = report.substring(6).trim().split(" ");
                    int id = Integer.parseInt(idAndPid[0]);
                    ProcessHandle.of(Long.parseLong(idAndPid[1])).ifPresent(run -> limits.put(id,
                            watchdog.schedule(() -> stop(id, run, stopped), timeLimit.toMillis(), TimeUnit.MILLISECONDS)));
                    continue;
                }
                if (!report.startsWith("done ")) {
                    continue;
                }
                Run run = byId.get(Integer.parseInt(report.substring(5).trim()));
                ScheduledFuture<?> limit = limits.remove(run.id());
                if (limit != null) {
                    limit.cancel(false);
                }
                Path runDir = out.resolve(Integer.toString(run.id()));
                results[run.id()] = observe(run, runDir, parser, mounts, stopped.contains(run.id()));
                acks.write('\n');
                acks.flush();
                SandboxProbe.deleteTree(runDir);
                done++;
            }
            int exit = process.waitFor();
            if (done != batch.size()) {
                throw new IOException("sandbox runner stopped after " + done + " of " + batch.size()
                        + " runs (exit " + exit + "): " + Files.readString(dir.resolve("runner.err")).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running lines", e);
        } finally {
            limits.values().forEach(limit -> limit.cancel(false));
            guard.cancel(false);
            killTree(process);
            running.remove(process);
            SandboxProbe.deleteTree(dir);
        }
    }

    /**
     * Ends a run at the time limit. Killing the run's unshare ends strace through --kill-child, and with
     * it the pid namespace and whatever the line left running. ProcessHandle checks the start time, so a
     * reused pid is never killed.
     */
    private static void stop(int id, ProcessHandle run, Set<Integer> stopped) {
        stopped.add(id);
        run.destroyForcibly();
    }

    private Observation observe(Run run, Path runDir, TraceParser parser, Path mounts, boolean timedOut)
            throws IOException {
        Map<Integer, List<String>> traces = new HashMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith("t.")) {
                    // strace escapes every byte outside printable ASCII, so Latin-1 never fails on it
                    traces.put(Integer.parseInt(name.substring(2)), Files.readAllLines(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        TraceParser.Result result;
        try {
            if (traces.isEmpty()) {
                throw new IOException("no trace");
            }
            result = parser.parse(traces);
        } catch (IOException e) {
            throw new IOException("sandbox run failed for <" + run.line() + "> in " + run.shell() + ": "
                    + e.getMessage() + "; " + readIfPresent(runDir.resolve("error")).strip(), e);
        }
        int exit = result.exit() >= 0 ? result.exit() : timedOut ? TIMED_OUT_EXIT : runnerStatus(runDir);
        Path runMount = mounts.resolve("run").resolve(Integer.toString(run.id()));
        Writes writes = UpperLayer.scan(runMount.resolve("u"), runMount.resolve("m"), mounts.resolve("layer"),
                mounts.resolve("lower"));
        return new Observation(run.line(), run.shell(), exit, timedOut, result.execs(), result.opens(),
                withoutNoise(writes), tail(runMount.resolve("stdout")), tail(runMount.resolve("stderr")));
    }

    /**
     * The shell's exit status as strace returned it, for when the trace lacks the shell's end (strace, as
     * init of its pid namespace, does not always write it for its direct child killed by a signal).
     */
    private static int runnerStatus(Path runDir) throws IOException {
        try {
            return Integer.parseInt(readIfPresent(runDir.resolve("status")).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Leaves out git's own repository files and the shell's history. */
    private static Writes withoutNoise(Writes writes) {
        return new Writes(withoutNoise(writes.created()), withoutNoise(writes.changed()),
                withoutNoise(writes.deleted()));
    }

    private static List<String> withoutNoise(List<String> paths) {
        return paths.stream()
                .filter(p -> !p.startsWith(WorkspaceLayer.WORKSPACE + "/.git/") && !p.equals("/root/.bash_history"))
                .toList();
    }

    /** Whether a sandbox path was a directory before any run: in the workspace layer, else on the host root. */
    private boolean wasDirectory(String sandboxPath) {
        if (sandboxPath.equals(WorkspaceLayer.WORKSPACE) || sandboxPath.startsWith(WorkspaceLayer.WORKSPACE + "/")) {
            return Files.isDirectory(layer.resolve(sandboxPath.substring(1)));
        }
        return Files.isDirectory(Path.of(sandboxPath));
    }

    /** The last OUTPUT_CHARS characters, read from at most the last 4 bytes per character. */
    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long from = Math.max(0, size - 4L * OUTPUT_CHARS);
            ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
            channel.position(from);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // read all
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            return text.length() <= OUTPUT_CHARS ? text : text.substring(text.length() - OUTPUT_CHARS);
        }
    }

    private static String readIfPresent(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Removes the workspace layer and every batch directory. */
    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
        SandboxProbe.deleteTree(base);
    }

    private record Run(int id, String line, RealShell shell) {}
}
