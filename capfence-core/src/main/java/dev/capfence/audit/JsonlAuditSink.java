package dev.capfence.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The audit chain as a JSONL file, one record a line.
 *
 * <ul>
 *   <li><b>One writer.</b> A lock file ({@code FILE.lock}, held with {@link FileChannel#tryLock}) stops a second
 *       sink — in this process or another — from appending to the same log and forking the chain.</li>
 *   <li><b>Group commit.</b> Callers queue their record and wait; one writer thread takes everything queued,
 *       seals it in order (so seqs are gap-free and each hash covers the one before), signs the group's last
 *       record (its hash covers the whole group), writes the group in one write (and one {@code force} in fsync
 *       mode), and then releases each caller with its own receipt, which names the signed record.</li>
 *   <li><b>fsync.</b> When on, {@link #append} returns only after the record is on disk.</li>
 *   <li><b>Fail closed.</b> After a failed write the sink refuses every later record (the file's state is no
 *       longer known); reopen it to repair and resume.</li>
 *   <li><b>Resume.</b> Opening verifies the current file and continues its chain. An incomplete last line (a
 *       crash mid-write) is reported — logged and passed to {@link Builder#onRepair} — and truncated; any other
 *       damage makes opening fail, so a broken log is never silently extended.</li>
 *   <li><b>Rotation.</b> With {@link Builder#rotateAtBytes}, a file that reached the size is renamed
 *       {@code FILE.1}, {@code FILE.2} … (oldest first, see {@link LogFiles}) and the new {@code FILE} opens with a
 *       checkpoint record bound to the previous file's last seq and hash.</li>
 * </ul>
 */
public final class JsonlAuditSink implements AuditSink, ReadableAudit {

    private static final System.Logger LOG = System.getLogger(JsonlAuditSink.class.getName());

    /** Queued by {@link #close()} after the last record: the writer stops when it takes it. */
    private static final Pending STOP = new Pending(null, null);

    private final Path file;
    private final boolean fsync;
    private final long rotateAtBytes;
    private final Redaction redaction;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private boolean closed; // guarded by queue: nothing is queued after STOP
    private volatile AuditHead written; // the last record on disk, for readers; set by the writer

    // Used by the writer thread only (and by the constructor before it starts).
    private final Chain chain;
    private FileChannel channel;
    private long size;
    private Throwable failure;

    /** A record waiting to be written; {@code result} completes once it is written, or could not be. */
    private static final class Pending {
        final String type;
        final Map<String, Object> body;
        final CompletableFuture<AuditReceipt> result = new CompletableFuture<>();
        Chain.Sealed sealed;
        Chain.Written written;

        Pending(String type, Map<String, Object> body) {
            this.type = type;
            this.body = body;
        }
    }

    private JsonlAuditSink(Builder b, FileChannel lockChannel, FileLock lock) throws IOException {
        this.file = b.file;
        this.fsync = b.fsync;
        this.rotateAtBytes = b.rotateAtBytes;
        this.redaction = b.redaction();
        this.lockChannel = lockChannel;
        this.lock = lock;
        try {
            this.chain = resume(b);
            publishHead();
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
        this.writer = new Thread(this::writeLoop, "capfence-audit-writer " + file.getFileName());
        writer.setDaemon(true); // a record is acknowledged only once written, so nothing acknowledged is lost with it
        writer.start();
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    public Path file() {
        return file;
    }

    /** Queues the record and waits until the writer has written it (and forced it to disk in fsync mode). */
    @Override
    public AuditReceipt append(AuditRecord record) {
        Pending pending;
        try {
            // In the caller's thread, so callers redact and hash payloads in parallel.
            pending = new Pending(RecordBodies.type(record), RecordBodies.of(record, redaction));
        } catch (RuntimeException e) {
            throw new AuditException("cannot build the audit record: " + e.getMessage(), e);
        }
        synchronized (queue) {
            if (closed) {
                throw new AuditException("the audit log " + file + " is closed");
            }
            queue.add(pending);
        }
        try {
            return pending.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AuditException a ? a : new AuditException("audit write failed", e.getCause());
        }
    }

    private void writeLoop() {
        boolean stop = false;
        while (!stop) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread but close; keep serving until STOP
            }
            queue.drainTo(batch); // everything that queued up while the last group was written
            stop = batch.remove(STOP);
            try {
                writeBatch(batch);
            } catch (Throwable e) { // an Error: the thread must live on, or callers would wait forever
                poison(e);
                refuse(batch);
            }
        }
        try {
            if (channel != null) { // null when a rotation failed half-way
                channel.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing audit log " + file + ": " + e);
        }
    }

    /** Seals, signs and writes one group. */
    private void writeBatch(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (failure != null) {
            refuse(batch);
            return;
        }
        List<Pending> sealed = seal(batch);
        if (sealed.isEmpty() || !write(sealed)) {
            return;
        }
        if (rotateAtBytes > 0 && size >= rotateAtBytes) {
            try {
                rotate();
                publishHead();
            } catch (IOException | RuntimeException e) {
                poison(e); // this group is written; the records after it are refused
            }
        }
    }

    /** Called once the chain's head is written: every record up to it is in the files. */
    private void publishHead() {
        long seq = chain.nextSeq() - 1;
        written = new AuditHead(seq, chain.head(), seq);
    }

    /** Fixes each record's place and hash, in queue order; a record that cannot be sealed fails alone. */
    private List<Pending> seal(List<Pending> batch) {
        List<Pending> sealed = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            try {
                p.sealed = chain.seal(p.type, p.body);
                sealed.add(p);
            } catch (RuntimeException e) { // the chain did not move
                p.result.completeExceptionally(new AuditException("cannot seal the audit record: " + e.getMessage(), e));
            }
        }
        return sealed;
    }

    /**
     * Signs and writes sealed records (and forces them to disk in fsync mode), then releases their callers.
     * A failure here leaves the file's state unknown, so the sink stops.
     */
    private boolean write(List<Pending> sealed) {
        try {
            // One signature for the group, over its last hash, which covers every record before it.
            List<Chain.Written> lines = Chain.signLast(sealed.stream().map(p -> p.sealed).toList());
            for (int i = 0; i < sealed.size(); i++) {
                sealed.get(i).written = lines.get(i);
            }
            StringBuilder text = new StringBuilder(sealed.size() * 1024);
            for (Pending p : sealed) {
                text.append(p.written.line()).append('\n');
            }
            write(text.toString());
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            poison(e);
            refuse(sealed);
            return false;
        }
        publishHead(); // before the callers return, so a reader after append sees their records
        sealed.forEach(p -> p.result.complete(p.written.receipt()));
        return true;
    }

    private void refuse(List<Pending> pending) {
        pending.forEach(p -> p.result.completeExceptionally(unavailable()));
    }

    private void write(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        size += length;
    }

    private void poison(Throwable e) {
        failure = e;
        LOG.log(Level.ERROR, "audit log " + file + " is unavailable: a write failed; every further record is refused"
                + " until it is reopened", e);
    }

    private AuditException unavailable() {
        return new AuditException("the audit log " + file + " is unavailable since a write failed: " + failure, failure);
    }

    /** Renames the full file to the next {@code FILE.N} and starts {@code FILE} with a checkpoint. */
    private void rotate() throws IOException {
        long lastSeq = chain.nextSeq() - 1;
        Path rotated = LogFiles.nextRotated(file);
        channel.close();
        channel = null;
        Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
        openForAppend();
        writeCheckpoint(chain, rotated, lastSeq);
    }

    /** Opens the current file with a checkpoint bound to the previous file's last record. */
    private void writeCheckpoint(Chain onto, Path previous, long previousSeq) throws IOException {
        Chain.Written checkpoint = onto.append(RecordBodies.CHECKPOINT,
                RecordBodies.checkpoint(previous.getFileName().toString(), previousSeq));
        write(checkpoint.line() + "\n");
        channel.force(false); // always: a new file's first record, so the rename is never the only trace
        forceDirectory();
    }

    private void openForAppend() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    /** Makes a created or renamed file's directory entry durable; not every platform can, which is tolerated. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(LogFiles.parent(file), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot force directory " + LogFiles.parent(file) + ": " + e);
        }
    }

    /** Verifies the current file, repairs a torn tail, and returns the chain to continue. */
    private Chain resume(Builder b) throws IOException {
        ChainWalker walker = new ChainWalker(Map.of());
        if (Files.exists(file)) {
            ChainWalker.FileScan scan = scan(walker, file);
            if (scan.tornBytes() > 0) {
                truncate(scan.validBytes());
                AuditRepair repair = new AuditRepair(file, scan.validBytes(), scan.tornBytes(), walker.headSeq());
                LOG.log(Level.WARNING, "audit log " + file + ": truncated an incomplete last line (" + scan.tornBytes()
                        + " bytes after seq " + walker.headSeq() + ") left by a write that was cut off");
                if (b.onRepair != null) {
                    b.onRepair.accept(repair);
                }
            }
        }
        if (b.signer() != null && walker.unsignedTail() > 0) {
            // Nothing acknowledged is unsigned: these records were cut off with their group's signature by a crash,
            // or written without a key. The next signature covers them; say so outside the file first.
            LOG.log(Level.WARNING, "audit log " + file + ": seq " + walker.unsignedFrom() + " to " + walker.headSeq()
                    + " carry no signature (a group cut off before its signed last record, or written without a key);"
                    + " the next signed record covers them");
        }
        List<Path> rotated = LogFiles.rotated(file);
        if (walker.records() > 0) {
            if (!rotated.isEmpty() && !walker.anchored()) {
                throw new AuditException("cannot resume the audit log " + file + ": it starts a new chain although rotated"
                        + " files " + rotated.get(rotated.size() - 1).getFileName() + " exist");
            }
            openForAppend();
            return new Chain(walker.headSeq() + 1, walker.head(), b.clock(), b.signer());
        }
        if (rotated.isEmpty()) {
            openForAppend();
            return Chain.genesis(b.clock(), b.signer());
        }
        // The current file is missing or empty but rotated files exist: a rotation was cut off before its checkpoint.
        Path last = rotated.get(rotated.size() - 1);
        ChainWalker previous = new ChainWalker(Map.of());
        ChainWalker.FileScan scan = scan(previous, last);
        if (scan.tornBytes() > 0 || previous.records() == 0) {
            throw new AuditException("cannot resume the audit log " + file + ": the rotated file " + last
                    + " is incomplete");
        }
        Chain resumed = new Chain(previous.headSeq() + 1, previous.head(), b.clock(), b.signer());
        openForAppend();
        writeCheckpoint(resumed, last, previous.headSeq());
        return resumed;
    }

    private static ChainWalker.FileScan scan(ChainWalker walker, Path path) throws IOException {
        try {
            return walker.scan(path, true, null);
        } catch (ChainWalker.Broken e) {
            throw new AuditException("cannot resume the audit log " + path + ": it is broken at seq " + e.seq + ": "
                    + e.getMessage() + ". Nothing was appended; check it with 'capfence verify', move it aside and"
                    + " start a new log.");
        }
    }

    private void truncate(long length) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(length);
            c.force(true);
        }
    }

    /** The last record written, from memory; {@code records} counts the whole chain, rotated files included. */
    @Override
    public AuditHead head() {
        return written;
    }

    /**
     * The matching records of the current file, newest first. Rotated files are archives: read them with
     * {@code capfence logs}. A line being written just now may be incomplete and is left out.
     */
    @Override
    public List<AuditEntry> records(AuditFilter filter, int limit) {
        try {
            return filter.newestFirst(Files.exists(file) ? AuditLogReader.read(file).entries() : List.of(), limit);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + file + ": " + e, e);
        }
    }

    /** Verifies the whole chain on disk, rotated files included (hashes and links; no signature keys given). */
    @Override
    public VerifyResult verify() {
        try {
            // A sink that has written nothing yet may have no file: an empty chain is intact.
            return Files.exists(file) || !LogFiles.rotated(file).isEmpty() ? AuditVerifier.create().verify(file)
                    : AuditVerifier.create().verifyLines(List.of());
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + file + ": " + e, e);
        }
    }

    /** Writes what is queued, stops the writer and releases the lock; later records are refused. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "interrupted while closing audit log " + file + "; the lock is released anyway");
        } finally {
            releaseLock(lock, lockChannel);
        }
    }

    private static void releaseLock(FileLock lock, FileChannel lockChannel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "releasing audit lock: " + e);
        }
    }

    /** Configures and opens a file sink. */
    public static final class Builder extends AuditSinkBuilder<Builder> {
        private final Path file;
        private boolean fsync;
        private long rotateAtBytes;
        private Consumer<AuditRepair> onRepair;

        private Builder(Path file) {
            this.file = file.toAbsolutePath().normalize();
        }

        /** Acknowledge a record only once it is on disk ({@link FileChannel#force}). Off by default. */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** Rotate once the current file reaches this many bytes; 0 (the default) never rotates. */
        public Builder rotateAtBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("rotateAtBytes must be >= 0");
            }
            this.rotateAtBytes = bytes;
            return this;
        }

        /** Told when opening truncated an incomplete last line (it is logged as well). */
        public Builder onRepair(Consumer<AuditRepair> listener) {
            this.onRepair = listener;
            return this;
        }

        /**
         * Takes the lock, verifies and repairs the current file, and opens it for appending. Throws
         * {@link AuditException} when another writer holds the log or the log is broken.
         */
        public JsonlAuditSink open() {
            FileChannel lockChannel = null;
            FileLock lock = null;
            try {
                Files.createDirectories(LogFiles.parent(file));
                Path lockFile = LogFiles.lockFile(file);
                lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    lock = lockChannel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by another sink in this process
                }
                if (lock == null) {
                    throw new AuditException("the audit log " + file + " is already open by another writer (" + lockFile
                            + " is locked); two writers would fork the chain");
                }
                return new JsonlAuditSink(this, lockChannel, lock);
            } catch (IOException | RuntimeException e) {
                if (lockChannel != null) {
                    releaseLock(lock, lockChannel);
                }
                if (e instanceof AuditException a) {
                    throw a;
                }
                throw new AuditException("cannot open the audit log " + file + ": " + e, e);
            }
        }
    }
}
