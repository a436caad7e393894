package dev.capfence.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event corpora under {@code events/}: every line is read from JSON text and decided the way {@code capfence
 * check} does it (unreadable input denied with its own reason code), and the verdict must be the one the line
 * expects. Each case must finish in seconds: a huge number or a deep document must neither hang nor crash.
 */
class EventCorpusTest {

    private static final ActionRuntime RUNTIME = ActionRuntime.fromPolicy(Policy.parse(
            resource("events/events-policy.yaml"), "events-policy.yaml"));

    static Stream<Arguments> duplicateKeys() {
        return cases("events/duplicate-keys.txt");
    }

    static Stream<Arguments> identityFields() {
        return cases("events/identity-fields.txt");
    }

    static Stream<Arguments> amounts() {
        return cases("events/amounts.txt");
    }

    static Stream<Arguments> sizeLimits() {
        return cases("events/size-limits.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicateKeys")
    void duplicateKeysAreRefusedWhereverTheyAre(String where, String expect, String json) {
        assertVerdict(where, expect, json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityFields")
    void identityFieldsAreStrings(String where, String expect, String json) {
        assertVerdict(where, expect, json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("amounts")
    void amountsCompareExactly(String where, String expect, String amount) {
        String json = "{\"actor\": \"a\", \"capability\": \"payments.refund\", \"payload\": {\"amount\": " + amount + "}}";
        Verdict v = decide(json);
        assertThat(v.decision().wireName()).as(where + ": " + v.reasonCode() + " " + v.reason()).isEqualTo(expect);
        assertThat(v.ruleId()).as(where).isEqualTo(expect.equals("allow") ? "small-refund" : "refund-over-limit");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizeLimits")
    void oversizedEventsAreDeniedUnread(String where, String expect, String shape) {
        assertVerdict(where, expect, shaped(shape));
    }

    private static void assertVerdict(String where, String expect, String json) {
        Verdict v = decide(json);
        if (expect.equals("allow")) {
            assertThat(v.decision()).as(where + ": " + v.reasonCode() + " " + v.reason()).isEqualTo(Decision.ALLOW);
            return;
        }
        int colon = expect.indexOf(": ");
        String code = colon < 0 ? expect : expect.substring(0, colon);
        assertThat(v.decision()).as(where).isEqualTo(Decision.DENY);
        assertThat(v.authorized()).as(where).isFalse();
        assertThat(v.reasonCode().wireName()).as(where + ": " + v.reason()).isEqualTo(code);
        if (colon >= 0) {
            assertThat(v.reason()).as(where).isEqualTo(expect.substring(colon + 2));
        }
    }

    /** As {@code capfence check} decides one document; never longer than a few seconds. */
    private static Verdict decide(String json) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ActionEvent event;
            try {
                event = ActionEventJson.parse(json);
            } catch (InvalidEventException e) {
                return RUNTIME.executeInvalid(e, "");
            }
            return RUNTIME.execute(event);
        });
    }

    /** The event a size-limits shape names. */
    static String shaped(String shape) {
        String kind = shape.substring(0, shape.indexOf(':'));
        int n = Integer.parseInt(shape.substring(shape.indexOf(':') + 1));
        String head = "{\"actor\": \"a\", \"capability\": \"corpus.shape\", \"payload\": ";
        StringBuilder b = new StringBuilder(head);
        switch (kind) {
            case "depth": // the event object is level 1, the payload 2: n - 2 more objects inside it
                b.append("{\"n\": ".repeat(n - 2)).append("{}").append("}".repeat(n - 2));
                break;
            case "arrays":
                b.append("{\"n\": ").append("[".repeat(n - 2)).append("]".repeat(n - 2)).append('}');
                break;
            case "numbers":
                b.append("{\"n\": [").append("1,".repeat(n - 1)).append("1]}");
                break;
            case "wide":
                b.append('{');
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": ").append(i);
                }
                b.append('}');
                break;
            case "bytes":
            case "bytes3": {
                String tail = "\"}}";
                b.append("{\"note\": \"");
                int unit = kind.equals("bytes") ? 1 : 3;
                long room = n - (long) b.length() - tail.length();
                b.append((unit == 1 ? "x" : "€").repeat((int) (room / unit))).append("y".repeat((int) (room % unit)));
                b.append(tail);
                assertThat(b.toString().getBytes(StandardCharsets.UTF_8)).hasSize(n);
                return b.toString();
            }
            default:
                throw new IllegalArgumentException("unknown shape " + shape);
        }
        return b.append('}').toString();
    }

    private static Stream<Arguments> cases(String resource) {
        List<Arguments> out = new ArrayList<>();
        String[] lines = resource(resource).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalStateException(resource + ":" + (i + 1) + ": no tab after the expectation");
            }
            String input = line.substring(tab + 1);
            String shown = input.length() > 60 ? input.substring(0, 57) + "..." : input;
            out.add(Arguments.of(resource + ":" + (i + 1) + " " + shown, line.substring(0, tab), input));
        }
        return out.stream();
    }

    static String resource(String name) {
        try (InputStream in = EventCorpusTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
