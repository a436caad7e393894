package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditReceipt;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;
import dev.capfence.policy.PolicyMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming verdict writer writes exactly what {@code Verdict.toMap()} through the JSON mapper did. */
class VerdictJsonTest {

    private static final String SHA = "6dc2e99e2beb0586ebbf2f0c6bf90c2924f0db9b4fafeb9c5f9962759c1e5eb5";
    private static final String HASH = "0f".repeat(32);

    /** Verdicts of every shape, and strings that need escaping or are not ASCII. */
    static List<Verdict> varied() {
        return List.of(
                Verdict.builder("refund-50", Decision.ALLOW, ReasonCode.POLICY_ALLOW).reason("policy_allow")
                        .ruleId("small-refund").capability("payments.refund").policySha256(SHA).evaluationNanos(5870)
                        .build(),
                Verdict.builder("refund-5000", Decision.REQUIRE_APPROVAL, ReasonCode.POLICY_REQUIRE_APPROVAL)
                        .reason("Refunds over 1000 need a person's approval").ruleId("large-refund")
                        .capability("payments.refund").policySha256(SHA)
                        .approvalId("b134a104-5d6b-4082-9aaf-aff6d1f1394d").evaluationNanos(Long.MAX_VALUE).build(),
                Verdict.builder("refund-unknown", Decision.DENY, ReasonCode.POLICY_DENY)
                        .reason("Refunds to unknown merchants are not allowed").ruleId("unknown-merchant")
                        .capability("payments.refund").policySha256(SHA).toolInvoked(true).build(),
                Verdict.invalidEvent(null, null, "line 2: event is not valid JSON: Unexpected character ('n')", SHA),
                Verdict.payloadTooLarge("big", "x.y", "event is 2000000 bytes, over the limit of 1048576 bytes", SHA),
                Verdict.builder("quotes \"and\" \\ back/slash", Decision.DENY, ReasonCode.POLICY_DENY)
                        .reason("tab\there, newline\nthere, return\r, bell\u0007, nul\u0000, del\u007f")
                        .ruleId("r\u2028u\u2029").capability("ünïcödé.日本.🚀").policySha256(SHA).build(),
                Verdict.builder("lone \ud800 surrogate", Decision.ALLOW, ReasonCode.POLICY_ALLOW)
                        .reason("é\udfff").mode(PolicyMode.OBSERVE).shadow(Decision.DENY, "would-deny").build(),
                Verdict.builder("audited", Decision.ALLOW, ReasonCode.POLICY_ALLOW).policySha256(SHA)
                        .receipt(new AuditReceipt(1, HASH, null, null)).build(),
                Verdict.builder("signed", Decision.DENY, ReasonCode.AUDIT_UNAVAILABLE).policySha256(SHA)
                        .receipt(new AuditReceipt(42, HASH, "c2lnbmF0dXJl+/==", "ab".repeat(32))).build());
    }

    @Test
    void eachVerdictIsWrittenAsTheMapperWroteItsMapInUtf8() {
        for (Verdict v : varied()) {
            assertThat(written(List.of(v))).isEqualTo(utf8(Output.json(v.toMap()) + System.lineSeparator()));
        }
    }

    @Test
    void aRunOfVerdictsIsOneLineEachWithNothingBetween() {
        StringBuilder expected = new StringBuilder();
        for (Verdict v : varied()) {
            expected.append(Output.json(v.toMap())).append(System.lineSeparator());
        }

        assertThat(written(varied())).isEqualTo(utf8(expected.toString()));
    }

    @Test
    void everyCharacterIsEscapedOrEncodedAsTheMapperAndUtf8Do() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x900; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\uffff\ud83d\ude80\udbff\udfff\ud800x\udc00");
        Verdict v = Verdict.builder(all.toString(), Decision.DENY, ReasonCode.POLICY_DENY).reason(all.reverse().toString())
                .build();

        assertThat(written(List.of(v))).isEqualTo(utf8(Output.json(v.toMap()) + System.lineSeparator()));
    }

    @Test
    void recurringAndEverNewTextsAreWrittenAlike() {
        List<Verdict> verdicts = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) { // more distinct reasons than the writer remembers, some of them recurring
            String reason = i % 3 == 0 ? "recurring \"reason\"" : "reason " + i + (i % 7 == 0 ? "\n" : "");
            verdicts.add(Verdict.builder("e" + i, Decision.DENY, ReasonCode.POLICY_DENY).reason(reason)
                    .ruleId(i % 2 == 0 ? null : "rule-" + i % 5).policySha256(SHA).build());
        }
        StringBuilder expected = new StringBuilder();
        for (Verdict v : verdicts) {
            expected.append(Output.json(v.toMap())).append(System.lineSeparator());
        }

        assertThat(written(verdicts)).isEqualTo(utf8(expected.toString()));
    }

    @Test
    void theBufferGrowsPastItsFirstCapacity() {
        VerdictJson json = new VerdictJson(1);
        List<Verdict> verdicts = varied();
        verdicts.forEach(json::write);

        assertThat(json.buffer().length).isGreaterThanOrEqualTo(json.length());
        assertThat(json.length()).isGreaterThan(1000);
    }

    private static byte[] written(List<Verdict> verdicts) {
        VerdictJson json = new VerdictJson(16);
        verdicts.forEach(json::write);
        return Arrays.copyOf(json.buffer(), json.length());
    }

    // What stdout gets: the mapper's text encoded as UTF-8 (half a surrogate pair becomes '?').
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
