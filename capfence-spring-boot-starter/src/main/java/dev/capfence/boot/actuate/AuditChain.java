package dev.capfence.boot.actuate;

import dev.capfence.audit.AuditSink;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.audit.VerifyResult;
import dev.capfence.store.jdbc.JdbcAuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read access to the configured audit chain (a JSONL file or the JDBC table) for health and the endpoint.
 * Other sinks (in memory, custom) have no chain these can read: {@link #of} then returns null.
 */
final class AuditChain {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final JdbcAuditSink jdbc;

    private AuditChain(Path file, JdbcAuditSink jdbc) {
        this.file = file;
        this.jdbc = jdbc;
    }

    static AuditChain of(AuditSink sink) {
        if (sink instanceof JsonlAuditSink jsonl) {
            return new AuditChain(jsonl.file(), null);
        }
        if (sink instanceof JdbcAuditSink table) {
            return new AuditChain(null, table);
        }
        return null;
    }

    String kind() {
        return file != null ? "jsonl" : "jdbc";
    }

    /** Hashes and links of the whole chain (rotated JSONL files included); signatures are not checked here. */
    VerifyResult verify() throws IOException {
        if (file != null) {
            // A sink that has written nothing yet has no file: an empty chain is intact.
            return Files.exists(file) ? AuditVerifier.create().verify(file)
                    : AuditVerifier.create().verifyLines(List.of());
        }
        return jdbc.verify(AuditVerifier.create());
    }

    /** The last record's seq (the chain's size, rotated files included) and hash; seq 0 for an empty chain. */
    JdbcAuditSink.Head head() {
        if (jdbc != null) {
            JdbcAuditSink.Head head = jdbc.head();
            return head != null ? head : new JdbcAuditSink.Head(0, null);
        }
        List<String> lines = lines();
        if (lines.isEmpty()) {
            return new JdbcAuditSink.Head(0, null);
        }
        Map<?, ?> last = JSON.readValue(lines.get(lines.size() - 1), Map.class);
        return new JdbcAuditSink.Head(((Number) last.get("seq")).longValue(), (String) last.get("hash"));
    }

    /** The records as stored (payloads redacted by the sink), oldest first; for JSONL the current file only. */
    List<String> lines() {
        if (jdbc != null) {
            return jdbc.lines();
        }
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
