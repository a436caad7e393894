package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.json;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --threads N} answers exactly as one thread does: verdicts in input order, and approvals, limits and
 * the audit chain changed in input order, on an input where that order shows (approvals that repeat or run into
 * {@code max_pending}, a count limit that runs out) mixed with every kind of unreadable line.
 */
class CheckThreadsTest {

    private static final String POLICY = """
            approval:
              max_pending: 40
            deny:
              - id: unknown-merchant
                capability: payments.refund
                when:
                  payload.merchant_id: {in: [unknown, ""]}
            require_approval:
              - id: large-refund
                capability: payments.refund
                amount_gt: 1000
            allow:
              - id: small-refund
                capability: payments.refund
                amount_lte: 1000
            limits:
              - id: small-per-actor
                capability: payments.refund
                per: actor
                window: 24h
                max_count: 150
                on_exceed: deny
            """;

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path dir;

    Path policy;
    Path events;
    int eventLines;

    @BeforeEach
    void files() throws Exception {
        policy = write(dir, "refunds.yaml", POLICY);
        events = dir.resolve("events.jsonl");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < 4000; i++) {
            String actor = "agent-" + i % 7;
            String line = switch (i % 13) {
                case 5, 6 -> refund(i, actor, 1000 + i % 60, "m_1"); // large; the same action comes back
                case 7 -> refund(i, actor, 20, "unknown");
                case 8 -> "{not json";
                case 9 -> "   ";
                case 10 -> "{\"id\":\"latin1-" + i + "\",\"actor\":\"\u00e9\"}"; // written as Latin-1 below
                case 11 -> "{\"id\":\"\u00fc-\\u00e9-\\\"q\\\"-\\n-\ud83d\ude80-" + i + "\",\"actor\":\"" + actor
                        + "\",\"capability\":\"payments.refund\",\"payload\":{\"amount\":5,\"merchant_id\":\"m\"}}";
                case 12 -> refund(i, actor, 7, "x".repeat(3000)); // over --max-payload-bytes
                default -> refund(i, actor, 1 + i % 900, "m_" + i % 50);
            };
            text.write(line.getBytes(i % 13 == 10 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            text.write(i % 2 == 0 ? "\n".getBytes(StandardCharsets.UTF_8) : "\r\n".getBytes(StandardCharsets.UTF_8));
            eventLines += i % 13 == 9 ? 0 : 1;
        }
        Files.write(events, text.toByteArray());
    }

    private static String refund(int i, String actor, int amount, String merchant) {
        return "{\"id\":\"refund-" + i + "\",\"actor\":\"" + actor + "\",\"capability\":\"payments.refund\","
                + "\"payload\":{\"amount\":" + amount + ",\"merchant_id\":\"" + merchant + "\"}}";
    }

    private Cli.Run check(int threads, String... more) {
        String[] args = {"check", "--policy", policy.toString(), "--events", events.toString(),
                "--max-payload-bytes", "2000", "--threads", String.valueOf(threads)};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        Cli.Run run = Cli.run(all);
        assertThat(run.exit()).as(run.err()).isZero();
        return run;
    }

    @Test
    void fourThreadsPrintWhatOneThreadPrints() {
        Cli.Run one = check(1);
        Cli.Run four = check(4);

        assertThat(one.lines()).hasSize(eventLines);
        assertThat(one.out()).contains("\"approval_pending\"", "\"approval_limit\"", "\"limit_exceeded\"",
                "\"invalid_event\"", "\"payload_too_large\"", "not UTF-8", "\\\"q\\\"", "\ud83d\ude80");
        assertThat(comparable(four.out())).isEqualTo(comparable(one.out()));
    }

    @Test
    void invalidLinesAreAnsweredInPlaceByLineNumber() {
        Cli.Run run = check(3);

        // line 9 holds "{not json", line 11 Latin-1 text: each answered where it stands, blank line 10 skipped
        assertThat(json(run.lines().get(8))).containsEntry("reason_code", "invalid_event");
        assertThat((String) json(run.lines().get(8)).get("reason")).startsWith("line 9: ");
        assertThat((String) json(run.lines().get(9)).get("reason")).startsWith("line 11: ").contains("not UTF-8");
        assertThat(json(run.lines().get(10))).containsEntry("decision", "allow");
    }

    @Test
    void withAnAuditChainTheRecordsComeInInputOrder() throws Exception {
        Path audit1 = dir.resolve("one/audit.jsonl");
        Path audit4 = dir.resolve("four/audit.jsonl");

        Cli.Run one = check(1, "--audit", audit1.toString());
        Cli.Run four = check(4, "--audit", audit4.toString());

        assertThat(AuditVerifier.create().verify(audit4).intact()).isTrue();
        // the same records in the same order: each receipt names the same seq (hashes differ by the time written)
        assertThat(comparable(four.out()).replaceAll("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"…\""))
                .isEqualTo(comparable(one.out()).replaceAll("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"…\""));
    }

    @Test
    void threadsOutsideOneToSixtyFourAreAUsageError() {
        Cli.Run zero = Cli.run("check", "--policy", policy.toString(), "--events", events.toString(), "--threads", "0");

        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.out()).isEmpty();
        assertThat(zero.err()).contains("--threads must be between 1 and 64, was 0");
    }

    /**
     * The output without what differs between any two runs: time spent deciding, and approval ids, which are random
     * (each is numbered by its first appearance, so which verdicts share an approval still shows).
     */
    private static String comparable(String out) {
        String timeless = out.replaceAll("\"evaluation_nanos\":\\d+", "\"evaluation_nanos\":0");
        Map<String, Integer> numbers = new HashMap<>();
        Matcher m = UUID.matcher(timeless);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, "approval-" + numbers.computeIfAbsent(m.group(), k -> numbers.size() + 1));
        }
        return m.appendTail(b).toString();
    }
}
