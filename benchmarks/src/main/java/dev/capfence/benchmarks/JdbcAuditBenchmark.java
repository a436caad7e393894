package dev.capfence.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.capfence.audit.AuditReceipt;
import dev.capfence.audit.AuditSigner;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.VerifyResult;
import dev.capfence.store.jdbc.JdbcAuditSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Audit records per second into {@link JdbcAuditSink} on a real PostgreSQL server (embedded, started from Maven
 * artifacts; default settings, so every commit is flushed to disk), 16 and 64 threads appending to one chain through
 * a pool of 16 connections, unsigned and Ed25519-signed (one signature per committed batch). After the run the whole
 * stored chain is verified, with the public key when signed; a broken chain fails the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(16)
@Fork(1)
public class JdbcAuditBenchmark {

    /** Ed25519-signed records, or hashed only. */
    @Param({"false", "true"})
    public boolean signed;

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;
    private JdbcAuditSink sink;
    private KeyPair keys;
    private final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres.getPostgresDatabase());
        config.setMaximumPoolSize(16);
        pool = new HikariDataSource(config);
        JdbcAuditSink.Builder builder = JdbcAuditSink.builder(pool).chainName("bench");
        if (signed) {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            builder.signer(AuditSigner.of(keys));
        }
        sink = builder.open();
    }

    @Benchmark
    public AuditReceipt append16Threads() {
        return append();
    }

    @Benchmark
    @Threads(64)
    public AuditReceipt append64Threads() {
        return append();
    }

    private AuditReceipt append() {
        return sink.append(AuditRecords.allowedRefund(ids));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            AuditVerifier.Builder verifier = AuditVerifier.builder();
            if (signed) {
                verifier.publicKey(keys.getPublic());
            }
            VerifyResult result = sink.verify(verifier.build());
            System.out.printf("%nchain verified: %s, %d records, %d signatures%n", result.intact(), result.headSeq(),
                    result.signaturesChecked());
            if (!result.intact()) {
                throw new IllegalStateException("the audit chain is broken: " + result.summary());
            }
        } finally {
            sink.close();
            pool.close();
            postgres.close();
        }
    }
}
