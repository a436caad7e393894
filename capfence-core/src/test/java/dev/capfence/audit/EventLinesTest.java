package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    @Test
    void readsPlainEventsAndTheEventsOfAuditRecordsAndReportsTheRest() {
        String text = String.join("\n",
                "{\"actor\":\"a\",\"capability\":\"payments.refund\",\"payload\":{\"amount\":5}}",  // 1 no id
                "{\"id\":\"e2\",\"actor\":\"a\",\"resource\":\"shell\",\"action\":\"exec\"}",        // 2
                AuditLogReaderTest.DECISION,                                                       // 3 ours
                AuditLogReaderTest.OUTCOME,                                                        // 4 skipped
                AuditLogReaderTest.UPSTREAM,                                                       // 5 upstream
                "{\"actor\":\"a\",\"payload\":\"x\"}",                                             // 6 bad payload
                "nope");                                                                           // 7

        EventLines lines = EventLines.read(text.getBytes(StandardCharsets.UTF_8));

        assertThat(lines.events()).extracting(EventLines.Numbered::line).containsExactly(1L, 2L, 3L, 5L);
        assertThat(lines.eventList()).extracting(e -> e.id()).containsExactly("line-1", "e2", "evt-1", "aud_shell_001");
        assertThat(lines.eventList()).extracting(e -> e.capability())
                .containsExactly("payments.refund", "shell.exec", "shell.exec.production", "shell.exec");
        assertThat(lines.unreadable()).extracting(UnreadableLine::line).containsExactly(6L, 7L);
        assertThat(lines.unreadable().get(0).message()).contains("payload must be a JSON object");
    }

    @Test
    void eventLinesAreReadAsCheckReadsThem() {
        String text = """
                {"actor": "a", "capability": "payments.refund", "payload": {"amount": 5, "am\\u006funt": 50000}}
                {"actor": 42, "capability": "payments.refund"}
                {"actor": "a", "capability": "payments.refund", "payload": {"amount": 1000.0000000000000001}}
                """;
        EventLines lines = EventLines.read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(lines.unreadable()).hasSize(2);
        assertThat(lines.unreadable().get(0).line()).isEqualTo(1);
        assertThat(lines.unreadable().get(0).message()).contains("Duplicate Object property \"amount\"");
        assertThat(lines.unreadable().get(1).message()).isEqualTo("actor must be a string, not a number");
        assertThat(lines.events()).hasSize(1);
        assertThat(lines.events().get(0).event().id()).isEqualTo("line-3");
        assertThat(lines.events().get(0).event().payload().get("amount"))
                .isEqualTo(new java.math.BigDecimal("1000.0000000000000001"));
    }
}
