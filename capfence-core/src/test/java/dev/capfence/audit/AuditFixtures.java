package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helpers for the audit tests. {@link #forge} builds a record line from scratch with its own canonicalization and
 * hashing, independent of the production code, so a test forging records also pins down the documented format.
 */
final class AuditFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditFixtures() {
    }

    static ActionEvent event(String id, Map<String, ?> payload) {
        return ActionEvent.builder().id(id).actor("agent").capability("payments.refund").payload(payload).build();
    }

    static AuditRecord.Decision decision(String id, String decision) {
        return new AuditRecord.Decision(id, event(id, Map.of("amount", 10)), decision, "policy_" + decision,
                "because", "rule-1", "a".repeat(64), "enforce", null, null, null);
    }

    /** Appends {@code n} decisions (alternately allow and deny) and returns their receipts. */
    static List<AuditReceipt> appendDecisions(AuditSink sink, int n) {
        List<AuditReceipt> receipts = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            receipts.add(sink.append(decision("e" + i, i % 2 == 1 ? "allow" : "deny")));
        }
        return receipts;
    }

    static List<String> lines(Path file) {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeLines(Path file, List<String> lines) {
        try {
            Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line's JSON object, every member included. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        return new LinkedHashMap<>(JSON.readValue(line, Map.class));
    }

    /** A line's JSON object without hash, sig and key_id: the part that is hashed. */
    static Map<String, Object> body(String line) {
        Map<String, Object> m = parse(line);
        m.remove("hash");
        m.remove("sig");
        m.remove("key_id");
        return m;
    }

    /** An unsigned record line for these fields, hashed as documented: SHA-256(prev_hash || canonical JSON). */
    static String forge(Map<String, Object> body) {
        try {
            String canonical = new JsonCanonicalizer(JSON.writeValueAsString(body)).getEncodedString();
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((body.get("prev_hash") + canonical).getBytes(StandardCharsets.UTF_8));
            return canonical.substring(0, canonical.length() - 1) + ",\"hash\":\"" + HexFormat.of().formatHex(digest) + "\"}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hashOf(String line) {
        return (String) parse(line).get("hash");
    }
}
