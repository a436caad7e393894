package dev.capfence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadableAuditTest {

    @TempDir
    static Path dir;

    /** A clock the test moves, so records get the times it chooses. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-27T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static AuditRecord.Decision decision(String id, String actor, String capability, String decision) {
        ActionEvent event = ActionEvent.builder().id(id).actor(actor).tool("tool-" + id).capability(capability)
                .payload(Map.of("amount", 10, "password", "hunter2")).build();
        return new AuditRecord.Decision(id, event, decision, "policy_" + decision, "because", "rule-1",
                "a".repeat(64), "enforce", null, null, null);
    }

    static Stream<Arguments> sinks() {
        Function<Clock, AuditSink> memory = clock -> InMemoryAuditSink.builder().clock(clock).build();
        Function<Clock, AuditSink> jsonl = clock -> JsonlAuditSink.builder(
                dir.resolve("readable-" + System.nanoTime() + ".jsonl")).clock(clock).open();
        return Stream.of(Arguments.of("memory", memory), Arguments.of("jsonl", jsonl));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sinks")
    void headRecordsAndVerifyReadWhatWasWritten(String name, Function<Clock, AuditSink> open) {
        StepClock clock = new StepClock();
        AuditSink sink = open.apply(clock);
        try (sink) {
            ReadableAudit audit = (ReadableAudit) sink;
            assertThat(audit.head()).isEqualTo(AuditHead.EMPTY);
            assertThat(audit.records(AuditFilter.all(), 10)).isEmpty();
            assertThat(audit.verify().intact()).isTrue();

            sink.append(decision("e1", "support-agent", "refund.issue", "allow"));
            sink.append(new AuditRecord.Outcome("e1", 1, true, true, null, null));
            clock.now = clock.now.plus(Duration.ofHours(3));
            sink.append(decision("e2", "support-agent", "refund.issue.production", "require_approval"));
            AuditReceipt last = sink.append(decision("e3", "ops-bot", "shell.exec", "deny"));

            assertThat(audit.head()).isEqualTo(new AuditHead(4, last.hash(), 4));
            assertThat(audit.records(AuditFilter.all(), 10)).extracting(AuditEntry::seq)
                    .containsExactly(4L, 3L, 2L, 1L);
            assertThat(audit.records(AuditFilter.all().withCapability("refund.*"), 10)).extracting(AuditEntry::seq)
                    .containsExactly(3L, 2L, 1L);
            assertThat(audit.records(AuditFilter.all().withCapability("refund.*"), 2)).extracting(AuditEntry::seq)
                    .containsExactly(3L, 2L);
            assertThat(audit.records(AuditFilter.all().withDecision(Decision.ALLOW), 10)).extracting(AuditEntry::seq)
                    .containsExactly(2L, 1L);
            assertThat(audit.records(AuditFilter.all().withTool("TOOL-E3"), 10)).extracting(AuditEntry::seq)
                    .containsExactly(4L);
            assertThat(audit.records(AuditFilter.all().withSince(AuditFilter.since("2h", clock)), 10))
                    .extracting(AuditEntry::seq).containsExactly(4L, 3L);
            // as stored: the payload stays redacted
            assertThat(audit.records(AuditFilter.all(), 10).get(3).text()).contains(Redaction.MARKER)
                    .doesNotContain("hunter2");

            VerifyResult r = audit.verify();
            assertThat(r.intact()).as(r.summary()).isTrue();
            assertThat(r.records()).isEqualTo(4);
            assertThat(r.headHash()).isEqualTo(last.hash());
            assertThat(r.anchored()).isFalse();
        }
    }

    @Test
    void aBoundedMemoryChainDropsTheOldestAndStillVerifiesFromTheFirstKept() {
        InMemoryAuditSink sink = InMemoryAuditSink.builder().maxRecords(3).build();
        AuditReceipt last = null;
        for (int i = 1; i <= 7; i++) {
            last = sink.append(decision("e" + i, "agent", "refund.issue", "allow"));
        }
        assertThat(sink.lines()).hasSize(3);
        assertThat(sink.dropped()).isEqualTo(4);
        assertThat(sink.head()).isEqualTo(new AuditHead(7, last.hash(), 3));
        assertThat(sink.records(AuditFilter.all(), 100)).extracting(AuditEntry::seq).containsExactly(7L, 6L, 5L);

        VerifyResult r = sink.verify();
        assertThat(r.intact()).as(r.summary()).isTrue();
        assertThat(r.firstSeq()).isEqualTo(5);
        assertThat(r.headSeq()).isEqualTo(7);
        assertThat(r.records()).isEqualTo(3);
        assertThat(r.anchored()).isTrue();
    }

    @Test
    void keptRecordsAreStillCheckedLinkByLink() {
        InMemoryAuditSink sink = InMemoryAuditSink.builder().maxRecords(4).build();
        for (int i = 1; i <= 6; i++) {
            sink.append(decision("e" + i, "agent", "refund.issue", "allow"));
        }
        List<String> kept = sink.lines();
        assertThat(AuditVerifier.create().verifyKept(kept).intact()).isTrue();
        // without the trust in the first link, a chain that starts at seq 3 is missing its genesis
        assertThat(AuditVerifier.create().verifyLines(kept).intact()).isFalse();

        List<String> gap = List.of(kept.get(0), kept.get(2), kept.get(3));
        VerifyResult r = AuditVerifier.create().verifyKept(gap);
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenSeq()).isEqualTo(4);

        String edited = kept.get(1).replace("\"amount\":10", "\"amount\":99");
        VerifyResult e = AuditVerifier.create().verifyKept(List.of(kept.get(0), edited, kept.get(2)));
        assertThat(e.intact()).isFalse();
        assertThat(e.brokenSeq()).isEqualTo(4);
    }

    @Test
    void anUnboundedMemoryChainVerifiesFromItsGenesis() {
        InMemoryAuditSink sink = InMemoryAuditSink.create();
        for (int i = 1; i <= 3; i++) {
            sink.append(decision("e" + i, "agent", "refund.issue", "allow"));
        }
        assertThat(sink.maxRecords()).isZero();
        VerifyResult r = sink.verify();
        assertThat(r.intact()).isTrue();
        assertThat(r.firstSeq()).isEqualTo(1);
        assertThat(r.anchored()).isFalse();
    }
}
