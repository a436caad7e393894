package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.EventLimits;
import dev.capfence.event.PayloadTooLargeException;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Events built in Java are held to the same size and depth limits as JSON text, and never make execute throw. */
class EventLimitsTest {

    private static final Policy ALLOW_ALL = Policy.parse("""
            name: everything
            allow:
              - id: all
                capability: "*"
            """, "inline");

    private final ActionRuntime runtime = ActionRuntime.fromPolicy(ALLOW_ALL);

    private static Map<String, Object> nested(int levels) {
        Map<String, Object> inner = new HashMap<>();
        for (int i = 0; i < levels; i++) {
            Map<String, Object> outer = new HashMap<>();
            outer.put("n", inner);
            inner = outer;
        }
        return inner;
    }

    @Test
    void aPayloadThatContainsItselfIsDeniedNotThrown() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        ActionEvent event = ActionEvent.create("a", "files", "write", null, loop);
        AtomicBoolean ran = new AtomicBoolean();
        Execution<String> e = runtime.execute(event, ev -> {
            ran.set(true);
            return "ran";
        });
        assertThat(ran).isFalse();
        assertThat(e.verdict().reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(e.verdict().reason()).isEqualTo("event nests more than 1000 levels deep, over the limit of 64");
    }

    @Test
    void depthCountsTheEventAsLevelOneAndItsPayloadAsTwo() {
        // payload (level 2) plus 62 nested objects: 64 levels, the default limit
        assertThat(runtime.execute(ActionEvent.create("a", "files", "write", null, nested(62))).decision())
                .isEqualTo(Decision.ALLOW);
        Verdict deep = runtime.execute(ActionEvent.create("a", "files", "write", null, nested(63)));
        assertThat(deep.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(deep.reason()).isEqualTo("event nests 65 levels deep, over the limit of 64");
    }

    @Test
    void listsCountAsLevelsToo() {
        Object value = "x";
        for (int i = 0; i < 100; i++) {
            value = List.of(value);
        }
        Verdict v = runtime.evaluate(ActionEvent.create("a", "files", "write", null, Map.of("v", value)));
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aLargePayloadBuiltInJavaIsMeasuredAndDenied() {
        ActionEvent big = ActionEvent.create("a", "files", "write", null, Map.of("content", "x".repeat(1024 * 1024)));
        Verdict v = runtime.execute(big);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(v.reason()).startsWith("event payload and context are about 10485");
        // three-byte characters count three bytes: a third as many characters are as large
        ActionEvent wide = ActionEvent.create("a", "files", "write", null, Map.of("content", "€".repeat(400_000)));
        assertThat(runtime.execute(wide).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        ActionEvent fits = ActionEvent.create("a", "files", "write", null, Map.of("content", "x".repeat(1000 * 1000)));
        assertThat(runtime.execute(fits).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theLimitsAreConfigurableOnTheBuilder() {
        ActionRuntime strict = ActionRuntime.builder().policy(ALLOW_ALL).eventLimits(new EventLimits(100, 3)).build();
        assertThat(strict.execute(ActionEvent.create("a", "f", "w", null, Map.of("k", "v"))).decision())
                .isEqualTo(Decision.ALLOW);
        assertThat(strict.execute(ActionEvent.create("a", "f", "w", null, Map.of("k", "v".repeat(200)))).reasonCode())
                .isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(strict.execute(ActionEvent.create("a", "f", "w", null, nested(2))).reasonCode())
                .isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(strict.explain(ActionEvent.create("a", "f", "w", null, nested(2))).verdict().reasonCode())
                .isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThatThrownBy(() -> new EventLimits(0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventLimits(10, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonTextIsMeasuredBeforeItIsParsed() {
        EventLimits limits = new EventLimits(64, 64);
        String json = "{\"actor\": \"a\", \"capability\": \"x\", \"payload\": {\"note\": \"" + "x".repeat(40) + "\"}}";
        PayloadTooLargeException e = catchThrowableOfType(PayloadTooLargeException.class,
                () -> ActionEventJson.parse(json, limits));
        assertThat(e.getMessage()).isEqualTo("event is " + json.length() + " bytes, over the limit of 64 bytes");
        assertThat(e.reasonCode()).isEqualTo("payload_too_large");
        // not even JSON: refused for its size, unread
        assertThat(catchThrowableOfType(PayloadTooLargeException.class,
                () -> ActionEventJson.parse("[".repeat(65), limits))).isNotNull();
        Verdict v = runtime.executeInvalid(e, "line 3: ");
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.PAYLOAD_TOO_LARGE);
        assertThat(v.reason()).startsWith("line 3: event is ");
    }

    @Test
    void aNonStringTenantInAJavaContextIsAnInvalidEvent() {
        ActionEvent e = ActionEvent.builder().actor("a").capability("x").context(Map.of("tenant", List.of("t1", "t2")))
                .build();
        Verdict v = runtime.execute(e);
        assertThat(v.reasonCode()).isEqualTo(ReasonCode.INVALID_EVENT);
        assertThat(v.reason()).isEqualTo("context.tenant must be a string");
    }

    @Test
    void hugeBigDecimalsBuiltInJavaAreUnreadableAmounts() {
        ActionRuntime payments = ActionRuntime.fromPolicy(Policy.parse("""
                name: refunds
                deny:
                  - id: big
                    capability: payments.refund
                    amount_gt: 1000
                allow:
                  - id: small
                    capability: payments.refund
                    amount_lte: 1000
                """, "inline"));
        for (Object amount : List.of(new BigDecimal("1e999999999"), new BigDecimal("-1e999999999"),
                new BigDecimal("1e-999999999"), Double.POSITIVE_INFINITY, Double.NaN)) {
            Verdict v = payments.execute(ActionEvent.create("a", "payments", "refund", null, Map.of("amount", amount)));
            assertThat(v.decision()).as(String.valueOf(amount)).isEqualTo(Decision.DENY);
            assertThat(v.ruleId()).as(String.valueOf(amount)).isEqualTo("big");
        }
        Verdict exact = payments.execute(ActionEvent.create("a", "payments", "refund", null,
                Map.of("amount", new BigDecimal("1000.0000000000000001"))));
        assertThat(exact.ruleId()).isEqualTo("big");
        Verdict floatAmount = payments.execute(ActionEvent.create("a", "payments", "refund", null, Map.of("amount", 1000.0f)));
        assertThat(floatAmount.ruleId()).isEqualTo("small");
    }

    @Test
    void policyThresholdsAreExactAndBounded() {
        ActionRuntime exact = ActionRuntime.fromPolicy(Policy.parse("""
                name: exact
                deny:
                  - id: over
                    capability: payments.refund
                    amount_gt: 1000.0000000000000001
                allow:
                  - id: rest
                    capability: payments.refund
                """, "inline"));
        assertThat(exact.execute(ActionEventJson.parse(
                "{\"actor\": \"a\", \"capability\": \"payments.refund\", \"payload\": {\"amount\": 1000.0000000000000001}}"))
                .ruleId()).isEqualTo("rest");
        assertThat(exact.execute(ActionEventJson.parse(
                "{\"actor\": \"a\", \"capability\": \"payments.refund\", \"payload\": {\"amount\": 1000.0000000000000002}}"))
                .ruleId()).isEqualTo("over");
        for (String threshold : List.of("1e999999999", "1e9999999999", "1" + "0".repeat(1001))) {
            PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse("""
                    name: huge
                    deny:
                      - id: over
                        capability: payments.refund
                        amount_gt: %s
                    """.formatted(threshold), "huge.yaml"));
            assertThat(e).as(threshold).isNotNull();
            assertThat(e.problems().get(0).toString()).as(threshold).startsWith("huge.yaml:5:16: number ")
                    .contains("is out of range");
        }
    }

    @Test
    void aHugeJavaNumberIsDeniedAndRecordedWithoutExpandingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (dev.capfence.audit.JsonlAuditSink sink = dev.capfence.audit.JsonlAuditSink.builder(dir.resolve("audit.jsonl")).open()) {
            ActionRuntime audited = ActionRuntime.builder().policy(Policy.parse("""
                    name: refunds
                    allow:
                      - id: small
                        capability: payments.refund
                        amount_lte: 1000
                    """, "inline")).auditSink(sink).build();
            Verdict v = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> audited.execute(ActionEvent.create("a", "payments", "refund", null,
                            Map.of("amount", new BigDecimal("1e999999999")))));
            assertThat(v.decision()).isEqualTo(Decision.DENY);
            assertThat(v.authorized()).isFalse();
        }
    }
}
