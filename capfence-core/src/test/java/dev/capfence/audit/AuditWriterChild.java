package dev.capfence.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run by {@link CrashRecoveryTest} in a child JVM: appends from several threads in fsync mode, as fast as it can,
 * and prints {@code ack <seq> <hash>} for each record once {@code append} returned — until it is killed. It exits
 * by itself when its stdin closes (the parent is gone) or after 60 seconds, so it can never outlive a failed test.
 */
public final class AuditWriterChild {

    private AuditWriterChild() {
    }

    public static void main(String[] args) {
        Path log = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        JsonlAuditSink sink = JsonlAuditSink.builder(log).fsync(true).open();
        daemon(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent keeps stdin open while it wants us alive
                }
            } catch (IOException ignored) {
                // same as end of input
            }
            Runtime.getRuntime().halt(3);
        });
        daemon(() -> {
            try {
                // a watchdog, not a wait for a condition: the child never outlives a forgetful parent by long
                new java.util.concurrent.CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // halt anyway
            }
            Runtime.getRuntime().halt(4);
        });
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    AuditReceipt r = sink.append(AuditFixtures.decision("t" + thread + "-" + i, i % 3 == 0 ? "deny" : "allow"));
                    synchronized (out) {
                        out.println("ack " + r.seq() + " " + r.hash());
                        out.flush();
                    }
                }
            }, "writer-" + t).start();
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }
}
