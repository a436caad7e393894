package dev.capfence.benchmarks;

import dev.capfence.audit.AuditKeys;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.audit.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit records per second into {@link JsonlAuditSink} with fsync (each append returns once its record is on disk),
 * 64 threads appending to one log in a temporary directory, unsigned and Ed25519-signed. After the run the whole
 * log is verified (with the public key when signed); a broken chain fails the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(64)
@Fork(1)
public class SignedAuditBenchmark {

    /** Ed25519-signed records, or hashed only. */
    @Param({"false", "true"})
    public boolean signed;

    private Path dir;
    private Path log;
    private KeyPair keys;
    private JsonlAuditSink sink;
    private final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("capfence-signed-audit");
        log = dir.resolve("audit.jsonl");
        JsonlAuditSink.Builder builder = JsonlAuditSink.builder(log).fsync(true);
        if (signed) {
            keys = AuditKeys.generate();
            builder.signer(AuditSigner.of(keys));
        }
        sink = builder.open();
    }

    @Benchmark
    public AuditReceipt append() {
        return sink.append(AuditRecords.allowedRefund(ids));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            sink.close();
            AuditVerifier.Builder verifier = AuditVerifier.builder();
            if (signed) {
                verifier.publicKey(keys.getPublic());
            }
            VerifyResult result = verifier.build().verify(log);
            System.out.printf("%nchain verified: %s, %d records, %d signatures%n", result.intact(), result.headSeq(),
                    result.signaturesChecked());
            if (!result.intact()) {
                throw new IllegalStateException("the audit chain is broken: " + result.summary());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
