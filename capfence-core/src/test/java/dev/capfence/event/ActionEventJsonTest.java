package dev.capfence.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON forms of an event (this project's flat snake_case form and upstream's nested one). */
class ActionEventJsonTest {

    @Test
    void theFlatFormReadsEveryField() {
        ActionEvent e = ActionEventJson.parse("""
                {"id": "evt-1", "actor": "ops-agent", "tool": "shell.exec", "resource": "shell", "action": "exec",
                 "environment": "production", "payload": {"command": "ls", "n": 2, "nested": {"list": [1, "a"]}},
                 "context": {"tenant": "acme", "caller_depth": 3}, "timestamp": "2024-05-06T07:08:09.123Z"}
                """);
        assertThat(e.id()).isEqualTo("evt-1");
        assertThat(e.actor()).isEqualTo("ops-agent");
        assertThat(e.tool()).isEqualTo("shell.exec");
        assertThat(e.resource()).isEqualTo("shell");
        assertThat(e.action()).isEqualTo("exec");
        assertThat(e.environment()).isEqualTo("production");
        assertThat(e.capability()).as("derived").isEqualTo("shell.exec.production");
        assertThat(e.payload()).containsEntry("command", "ls").containsEntry("n", 2)
                .containsEntry("nested", Map.of("list", List.of(1, "a")));
        assertThat(e.context()).containsEntry("tenant", "acme").containsEntry("caller_depth", 3);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertThat(e.invalidReason()).isNull();
    }

    @Test
    void anExplicitCapabilityWins() {
        ActionEvent e = ActionEventJson.parse("""
                {"actor": "a", "capability": "payments.refund", "resource": "shell", "action": "exec"}
                """);
        assertThat(e.capability()).isEqualTo("payments.refund");
        assertThat(e.resource()).isEqualTo("shell");
    }

    @Test
    void theUpstreamNestedForm() {
        ActionEvent e = ActionEventJson.parse("""
                {"id": "u-1", "actor": {"id": "support-bot", "role": "agent", "tenant": "acme"},
                 "action": {"capability": "payments.refund", "type": "refund"},
                 "payload": {"amount": 50}}
                """);
        assertThat(e.actor()).isEqualTo("support-bot");
        assertThat(e.capability()).isEqualTo("payments.refund");
        assertThat(e.action()).isEqualTo("refund");
        assertThat(e.context()).containsEntry("user_role", "agent").containsEntry("tenant", "acme");
        assertThat(e.payload()).containsEntry("amount", 50);
    }

    @Test
    void anUpstreamEventReadsAsItsNativeForm() {
        ActionEvent upstream = ActionEventJson.parse("""
                {"id": 7, "timestamp": "2026-01-02T03:04:05Z", "actor": {"id": "bot", "role": "agent"},
                 "action": {"capability": "payments.refund", "type": "refund"}, "tenant": "acme", "caller_depth": 2,
                 "payload": {"amount": 50}, "context": {"trace_id": "t"}}
                """);
        ActionEvent nativeForm = ActionEventJson.parse("""
                {"id": "7", "timestamp": "2026-01-02T03:04:05Z", "actor": "bot", "capability": "payments.refund",
                 "action": "refund", "payload": {"amount": 50},
                 "context": {"user_role": "agent", "tenant": "acme", "caller_depth": 2, "trace_id": "t"}}
                """);
        assertThat(upstream).isEqualTo(nativeForm);
        assertThat(ActionEventJson.toMap(upstream)).isEqualTo(ActionEventJson.toMap(nativeForm));
    }

    @Test
    void theUpstreamAgentRequestForm() {
        ActionEvent e = ActionEventJson.parse("""
                {"actor": "ops-agent", "tool": "shell.exec", "action": "execute", "resource": "host:prod-db-01",
                 "environment": "production", "payload": {"command": "rm -rf /var/lib/postgresql"}}
                """);
        assertThat(e.capability()).isEqualTo("host:prod-db-01.execute.production");
        assertThat(e.tool()).isEqualTo("shell.exec");
        assertThat(e.id()).as("an id is generated").isNotBlank();
        assertThat(e.timestamp()).as("a timestamp is set").isNotNull();
    }

    @Test
    void topLevelContextKeysMoveIntoTheContext() {
        ActionEvent e = ActionEventJson.parse("""
                {"actor": "a", "capability": "x", "tenant": "acme", "user_role": "admin", "caller_depth": 2,
                 "session_id": "s1", "risk_level": "high", "trace_id": "tr", "unrelated": "ignored",
                 "context": {"tenant": "acme", "custom": true}}
                """);
        assertThat(e.context())
                .containsEntry("tenant", "acme")
                .containsEntry("user_role", "admin")
                .containsEntry("caller_depth", 2)
                .containsEntry("session_id", "s1")
                .containsEntry("risk_level", "high")
                .containsEntry("trace_id", "tr")
                .containsEntry("custom", true)
                .doesNotContainKey("unrelated");
        assertThat(e.payload()).isEmpty();
    }

    @Test
    void aContextKeyGivenInTwoPlacesWithDifferentValuesIsAnInvalidEvent() {
        assertThatThrownBy(() -> ActionEventJson.parse("""
                {"actor": "a", "capability": "x", "tenant": "t-top", "context": {"tenant": "t-ctx"}}
                """)).isInstanceOf(InvalidEventException.class).hasMessage("tenant is given twice with different values");
        assertThatThrownBy(() -> ActionEventJson.parse("""
                {"actor": {"id": "a", "role": "agent"}, "capability": "x", "user_role": "admin"}
                """)).isInstanceOf(InvalidEventException.class).hasMessage("user_role is given twice with different values");
        assertThatThrownBy(() -> ActionEventJson.parse("""
                {"actor": "a", "action": {"capability": "payments.read"}, "capability": "payments.refund"}
                """)).isInstanceOf(InvalidEventException.class).hasMessage("capability is given twice with different values");
    }

    @Test
    void anIdMayBeANumber() {
        assertThat(ActionEventJson.parse("{\"id\": 42, \"actor\": \"a\", \"capability\": \"x\"}").id()).isEqualTo("42");
    }

    @Test
    void missingFieldsAreNullAndTheEventIsThenInvalid() {
        ActionEvent e = ActionEventJson.parse("{\"payload\": {\"a\": 1}}");
        assertThat(e.actor()).isNull();
        assertThat(e.capability()).isNull();
        assertThat(e.invalidReason()).isEqualTo("event has no actor");
        assertThat(ActionEventJson.parse("{\"actor\": \"a\"}").invalidReason())
                .isEqualTo("event has no capability and no resource/action");
    }

    // ---------------------------------------------------------------- invalid input

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"actor\": ", "", "{'actor': 'a'}", "{\"a\": 1} {\"b\": 2}"})
    void textThatIsNotOneJsonDocumentIsAnInvalidEvent(String json) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> ActionEventJson.parse(json));
        assertThat(e).as(json).isNotNull();
        assertThat(e.getMessage()).startsWith("event is not valid JSON");
        assertThat(e.eventId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"actor\": \"a\"}]", "\"event\"", "42", "null", "true"})
    void aDocumentThatIsNotAnObjectIsAnInvalidEvent(String json) {
        assertThatThrownBy(() -> ActionEventJson.parse(json)).isInstanceOf(InvalidEventException.class)
                .hasMessage("event must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"rm -rf\"", "5", "true"})
    void aPayloadThatIsNotAnObjectIsAnInvalidEvent(String payload) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> ActionEventJson.parse("{\"id\": \"p1\", \"actor\": \"a\", \"capability\": \"x\", \"payload\": " + payload + "}"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("payload must be a JSON object");
        assertThat(e.eventId()).isEqualTo("p1");
    }

    @Test
    void aNullPayloadIsEmpty() {
        assertThat(ActionEventJson.parse("{\"actor\": \"a\", \"capability\": \"x\", \"payload\": null}").payload()).isEmpty();
    }

    @Test
    void aContextThatIsNotAnObjectIsAnInvalidEvent() {
        assertThatThrownBy(() -> ActionEventJson.parse("{\"actor\": \"a\", \"capability\": \"x\", \"context\": [1]}"))
                .isInstanceOf(InvalidEventException.class).hasMessage("context must be a JSON object");
    }

    @Test
    void aStructuredValueInAStringFieldIsAnInvalidEvent() {
        assertThatThrownBy(() -> ActionEventJson.parse("{\"id\": \"i\", \"actor\": \"a\", \"capability\": [\"x\"]}"))
                .isInstanceOf(InvalidEventException.class).hasMessage("capability must be a string, not an array");
        assertThatThrownBy(() -> ActionEventJson.parse("{\"actor\": \"a\", \"capability\": \"x\", \"tool\": {\"n\": 1}}"))
                .isInstanceOf(InvalidEventException.class).hasMessage("tool must be a string, not an object");
        assertThatThrownBy(() -> ActionEventJson.parse("{\"actor\": [\"a\"], \"capability\": \"x\"}"))
                .isInstanceOf(InvalidEventException.class).hasMessage("actor must be a string, not an array");
    }

    // ---------------------------------------------------------------- timestamps

    @Test
    void timestamps() {
        assertThat(ActionEventJson.parse("{\"actor\": \"a\", \"timestamp\": \"2024-01-02T03:04:05Z\"}").timestamp())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(ActionEventJson.parse("{\"actor\": \"a\", \"timestamp\": \"2024-01-02T03:04:05.5+02:00\"}").timestamp())
                .as("an offset is converted to UTC").isEqualTo(Instant.parse("2024-01-02T01:04:05.500Z"));
        assertThat(ActionEventJson.parse("{\"actor\": \"a\", \"timestamp\": 1700000000123}").timestamp())
                .as("a number is epoch milliseconds").isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2024-01-02\"", "\"yesterday\"", "\"2024-13-01T00:00:00Z\"", "\"\"", "true"})
    void aTimestampThatIsNotAnInstantIsAnInvalidEvent(String ts) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class,
                () -> ActionEventJson.parse("{\"id\": \"t1\", \"actor\": \"a\", \"timestamp\": " + ts + "}"));
        assertThat(e).as(ts).isNotNull();
        assertThat(e.getMessage()).startsWith("timestamp is not an ISO-8601 instant");
        assertThat(e.eventId()).isEqualTo("t1");
    }

    // ---------------------------------------------------------------- writing

    @Test
    void toJsonAndBackIsTheSameEvent() {
        ActionEvent e = ActionEvent.builder().id("rt-1").timestamp(Instant.parse("2024-02-03T04:05:06.789Z"))
                .actor("a").tool("t").resource("db").action("query").environment("prod")
                .payload(Map.of("sql", "select 1", "n", 3, "flags", List.of(true, false)))
                .context(Map.of("tenant", "acme")).build();
        String json = ActionEventJson.toJson(e);
        assertThat(json).startsWith("{\"id\":\"rt-1\",\"actor\":\"a\",\"tool\":\"t\",\"capability\":\"db.query.prod\"");
        ActionEvent back = ActionEventJson.parse(json);
        assertThat(back).isEqualTo(e);
        assertThat(back.capability()).isEqualTo("db.query.prod");
    }

    @Test
    void toJsonWritesWhatTheMapperWritesOfTheMapForm() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("when", Instant.EPOCH);          // not a JSON value: the mapper's way
        odd.put("short", (short) 7);
        List<Map<String, Object>> payloads = List.of(
                Map.of("command", "ls -la \"x\" \\ \n\t\u0001 é 日本 🚀 \ud800"),
                new LinkedHashMap<>(Map.of("n", 2, "big", Long.MAX_VALUE, "dec", new java.math.BigDecimal("1.50E+3"),
                        "huge", new java.math.BigInteger("123456789012345678901234567890"), "d", 0.1, "t", true)),
                Map.of("nested", Map.of("list", List.of(1, "a", List.of(), Map.of()), "nothing", new HashMap<>())),
                Map.of("doubles", randomNumbers()),
                Map.of("not a number", Double.NaN, "infinite", Double.POSITIVE_INFINITY),
                odd);
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        for (Map<String, Object> payload : payloads) {
            ActionEvent e = ActionEvent.builder().id("w-1").timestamp(Instant.parse("2024-02-03T04:05:06.789Z"))
                    .actor("a").capability("x.y").payload(payload).context(Map.of("tenant", "ü")).build();

            assertThat(ActionEventJson.toJson(e)).isEqualTo(mapper.writeValueAsString(ActionEventJson.toMap(e)));
        }
    }

    private static List<Object> randomNumbers() {
        java.util.Random random = new java.util.Random(11);
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            numbers.add(Double.longBitsToDouble(random.nextLong()));
            numbers.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            numbers.add(new java.math.BigDecimal(java.math.BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
        }
        numbers.removeIf(n -> n instanceof Double d && !Double.isFinite(d));
        return numbers;
    }

    @Test
    void toMapUsesTheDocumentedKeysInOrder() {
        ActionEvent e = ActionEvent.builder().id("m").timestamp(Instant.EPOCH).actor("a").capability("x").build();
        assertThat(ActionEventJson.toMap(e).keySet()).containsExactly("id", "actor", "tool", "capability", "resource",
                "action", "environment", "payload", "context", "timestamp");
        assertThat(ActionEventJson.toMap(e)).containsEntry("timestamp", "1970-01-01T00:00:00Z");
    }

    // ---------------------------------------------------------------- immutability

    @Test
    void anEventReadFromJsonIsUnmodifiableAllTheWayDownAndMeasuredAsABuiltOne() {
        String json = "{\"id\":\"r\",\"actor\":\"a\",\"capability\":\"x\",\"payload\":{\"items\":[1,{\"k\":\"v\"}],"
                + "\"s\":\"é\"},\"context\":{\"tenant\":\"acme\"},\"tenant\":\"acme\"}";
        ActionEvent read = ActionEventJson.parse(json);
        ActionEvent built = ActionEvent.builder().id("r").actor("a").capability("x").timestamp(read.timestamp())
                .payload(read.payload()).context(read.context()).build();

        assertThat(read).isEqualTo(built);
        assertThat(read.depth()).isEqualTo(built.depth()).isEqualTo(4);
        assertThat(read.estimatedBytes()).isEqualTo(built.estimatedBytes());
        assertThatThrownBy(() -> read.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> read.context().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) read.payload().get("items");
        assertThatThrownBy(() -> items.add(2)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) items.get(1);
        assertThatThrownBy(() -> inner.put("k", "w")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void thePayloadIsADeepUnmodifiableCopy() {
        List<Object> items = new ArrayList<>(List.of("a"));
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("items", items);
        payload.put("inner", inner);
        payload.put("array", new Object[] {"x", "y"});
        Map<String, Object> context = new HashMap<>(Map.of("tenant", "acme"));
        ActionEvent e = ActionEvent.builder().actor("a").capability("x").payload(payload).context(context).build();

        payload.put("added", "later");
        items.add("b");
        inner.put("k", "changed");
        context.put("tenant", "evil");
        assertThat(e.payload()).doesNotContainKey("added");
        assertThat(e.payload().get("items")).isEqualTo(List.of("a"));
        assertThat(e.payload().get("inner")).isEqualTo(Map.of("k", "v"));
        assertThat(e.payload().get("array")).as("arrays become lists").isEqualTo(List.of("x", "y"));
        assertThat(e.context()).containsEntry("tenant", "acme");

        assertThatThrownBy(() -> e.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.payload().remove("items")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> copiedItems = (List<Object>) e.payload().get("items");
        assertThatThrownBy(() -> copiedItems.add("c")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> copiedInner = (Map<String, Object>) e.payload().get("inner");
        assertThatThrownBy(() -> copiedInner.put("k", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.context().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aParsedPayloadIsUnmodifiableToo() {
        ActionEvent e = ActionEventJson.parse("{\"actor\": \"a\", \"capability\": \"x\", \"payload\": {\"l\": [1], \"m\": {\"k\": 1}}}");
        assertThatThrownBy(() -> e.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) e.payload().get("l");
        assertThatThrownBy(() -> l.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderDerivesAChangedCopyAndKeepsTheOriginal() {
        ActionEvent e = ActionEvent.builder().id("o").actor("a").resource("shell").action("exec").environment("prod")
                .payload(Map.of("c", "ls")).build();
        ActionEvent changed = e.toBuilder().environment("dev").build();
        assertThat(changed.capability()).as("a derived capability is derived again").isEqualTo("shell.exec.dev");
        assertThat(e.capability()).isEqualTo("shell.exec.prod");
        assertThat(changed.id()).isEqualTo("o");
        assertThat(changed.payload()).isEqualTo(e.payload());

        ActionEvent explicit = ActionEvent.builder().actor("a").capability("cap.x").resource("r").action("y").build();
        assertThat(explicit.toBuilder().environment("dev").build().capability()).isEqualTo("cap.x");
    }

    @Test
    void createDerivesTheCapability() {
        ActionEvent e = ActionEvent.create("ops", "shell", "exec", "production", Map.of("command", "ls"));
        assertThat(e.capability()).isEqualTo("shell.exec.production");
        assertThat(e.actor()).isEqualTo("ops");
        assertThat(ActionEvent.create("ops", "shell", "exec", "  ", null).capability()).isEqualTo("shell.exec");
        assertThat(ActionEvent.create("ops", "shell", "exec", null, null).payload()).isEmpty();
    }
}
