package dev.capfence.semantics.url;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.semantics.Fuzz;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random and mutated inputs: the parser never throws and its output keeps its invariants.
 * Set {@code -Dcapfence.fuzz.seed=N} to replay a failure; the seed is in every failure message.
 */
class UrlFuzzTest {

    private static final long SEED = Long.getLong("capfence.fuzz.seed", 0x5EED_CAFEL);
    private static final int RUNS = 10_000;

    private static final String[] FRAGMENTS = {"http://", "https://", "HTTPS://", "//", "\\\\", "/", "\\", ":", "::",
            "@", "#", "?", "[", "]", "[::1]", "%", "%2e", "%41", "%00", ".", "..", "0x", "0", "7f", "127", "1", "255",
            "256", "4294967296", "a", "Z", "api", "stripe", "com", "example", "evil", "test", "xn--", "xn--pi-6kc",
            "\u0430", "ß", "ς", "\u200C", "\u200D", "\u200B", "\u3002", "\uFF0E", "\uFF20", "\uFF0F", "ａ", " ", "\t",
            "\n", "\u0000", "\u007F", "\uD800", "\uDC00", "\uD83D\uDE00", "*", ";", "file:", "javascript:", "ffff",
            ":443", ":65536", "-", "_", "~", "é"};

    private static final List<HostPattern> PATTERNS = List.of(HostPattern.compile("api.stripe.com"),
            HostPattern.compile("*.example.com"), HostPattern.compile("127.0.0.0/8"), HostPattern.compile("fc00::/7"),
            HostPattern.compile("::1"));

    @Test
    void randomInputs() {
        Random random = new Random(SEED);
        for (int i = 0; i < RUNS; i++) {
            check(Fuzz.randomInput(random, FRAGMENTS), "random #" + i);
        }
    }

    @Test
    void mutatedCorpusInputs() {
        List<String> mutants = Fuzz.mutatedCorpus("/semantics/url", new Random(SEED), FRAGMENTS, RUNS);
        for (int i = 0; i < mutants.size(); i++) {
            check(mutants.get(i), "mutation #" + i);
        }
    }

    @Test
    @Timeout(20)
    void pathologicalInputsComplete() {
        List<String> inputs = List.of("../".repeat(100_000), "/".repeat(100_000), "%".repeat(100_000),
                "[".repeat(100_000), "http://" + "[".repeat(100_000), "http://" + "a.".repeat(100_000),
                "http://" + "\u00E9".repeat(100_000), "http://" + "\u00E9.".repeat(50_000),
                "http://" + "1.".repeat(100_000), "http://0x" + "0".repeat(100_000), "http://" + "9".repeat(100_000),
                "http://[" + "1:".repeat(100_000) + "]", "http://[" + "::".repeat(50_000) + "]",
                "http://" + "@".repeat(100_000), "http://" + ":".repeat(100_000), "http://a:" + "0".repeat(100_000),
                "http://a/" + "../".repeat(100_000), "http://a/" + "%2e%2e/".repeat(50_000),
                "a".repeat(100_000) + ":", "\t".repeat(100_000) + "http://a/", "http://" + "\u200B".repeat(100_000));
        for (String s : inputs) {
            check(s, "pathological input of " + s.length() + " chars starting " + Fuzz.escape(s.substring(0, 12)));
        }
    }

    private static void check(String input, String label) {
        String where = label + " (seed " + SEED + ") input=" + Fuzz.escape(input);
        ParsedUrl u = UrlParser.parse(input);
        assertThat(u).as(where).isNotNull();
        assertThat(u.unparseable()).as(where).isEqualTo(u.problem() != null);
        if (u.scheme() != null) {
            assertThat(u.scheme()).as(where).isEqualTo(u.scheme().toLowerCase(Locale.ROOT));
        }
        for (HostPattern p : PATTERNS) {
            p.matches(u.host()); // must not throw
        }
        if (u.host() != null) {
            String h = u.host();
            assertThat(h).as(where).isNotEmpty().isEqualTo(h.toLowerCase(Locale.ROOT)).doesNotEndWith(".");
            assertThat(h.chars().allMatch(c -> c < 0x80)).as(where + " ASCII host " + h).isTrue();
            // the host reads the same when read again, and matches itself as a pattern
            String again = UrlParser.parse("http://" + (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + "/").host();
            assertThat(again).as(where + " re-read " + h).isEqualTo(h);
            assertThat(HostPattern.compile(h).matches(h)).as(where + " self-match " + h).isTrue();
            assertThat(HostPattern.compile(h).matches(again)).as(where).isTrue();
        }
    }

}
