package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging the chain fields into a canonicalized body gives exactly the canonical text of the whole record. */
class CanonicalBodyTest {

    private static String whole(Map<String, Object> body, long seq, String ts, String type, String prevHash) {
        Map<String, Object> record = new LinkedHashMap<>(body);
        record.put("v", Chain.VERSION);
        record.put("seq", seq);
        record.put("ts", ts);
        record.put("type", type);
        record.put("prev_hash", prevHash);
        return Canonical.of(record);
    }

    private static void assertSame(Map<String, Object> body) {
        String ts = "2026-12-06T12:00:00.123456789Z";
        String prev = "ab".repeat(32);
        assertThat(CanonicalBody.of(body).withChainFields(42, ts, "decision", prev))
                .isEqualTo(whole(body, 42, ts, "decision", prev));
    }

    @Test
    void everyKindOfRecordBodyMergesToTheWholeRecordsCanonicalText() {
        for (AuditRecord record : List.of(AuditFixtures.decision("e1", "allow"),
                new AuditRecord.Outcome("e1", 3, true, false, "java.lang.IllegalStateException",
                        "bad \"quote\", {brace} [x]\n\u00e9"))) {
            assertSame(RecordBodies.of(record, Redaction.defaults()));
        }
        assertSame(RecordBodies.checkpoint("audit.jsonl.1", 99));
    }

    @Test
    void keysAroundTheChainFieldsSortAsRfc8785Says() {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String key : List.of("w", "u", "tz", "tx", "t", "seq0", "sep", "prev_hash_x", "prev", "a", "Z", "_",
                "\u00e9t\u00e9", "\ud83d\ude00", "pr")) {
            body.put(key, Map.of("nested", Arrays.asList(1, 2.5, "s,}", null, true, Map.of("k", "v\\\""))));
        }
        assertSame(body);
    }

    @Test
    void anEmptyBodyOrOneWithStringsOnlyMerges() {
        assertSame(Map.of());
        assertSame(Map.of("x", "a\",\"seq\":1"));
    }

    @Test
    void aBodyCannotSetAChainField() {
        for (String key : List.of("v", "seq", "ts", "type", "prev_hash")) {
            assertThatThrownBy(() -> CanonicalBody.of(Map.of(key, 1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chain field");
        }
    }
}
