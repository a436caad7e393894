package dev.capfence.semantics.url;

import dev.capfence.semantics.CorpusFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
            check(randomInput(random), "random #" + i);
        }
    }

    @Test
    void mutatedCorpusInputs() {
        List<String> seeds = new ArrayList<>();
        CorpusFile.read("/semantics/url/evasions.txt").forEach(l -> seeds.add(l.text()));
        CorpusFile.read("/semantics/url/lookalikes.txt").forEach(l -> seeds.add(l.text()));
        Random random = new Random(SEED);
        for (int i = 0; i < RUNS; i++) {
            String s = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                s = mutate(s, random);
            }
            check(s, "mutation #" + i);
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
            check(s, "pathological input of " + s.length() + " chars starting " + escape(s.substring(0, 12)));
        }
    }

    private static void check(String input, String label) {
        String where = label + " (seed " + SEED + ") input=" + escape(input);
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

    private static String randomInput(Random random) {
        StringBuilder b = new StringBuilder();
        if (random.nextBoolean()) {
            b.append(random.nextBoolean() ? "https://" : "http://");
        }
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                b.append((char) random.nextInt(0x3000));
            } else {
                b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return b.toString();
    }

    private static String mutate(String s, Random random) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
        switch (random.nextInt(6)) {
            case 0:
                return s.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + s.substring(at);
            case 1:
                return at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
            case 2:
                return at < s.length() ? s.substring(0, at) + (char) random.nextInt(0x10000) + s.substring(at + 1) : s;
            case 3:
                return s.substring(0, at) + s.substring(0, at) + s.substring(at);
            case 4:
                return random.nextBoolean() ? s.toUpperCase() : s.substring(0, at);
            default:
                return s.substring(at) + s.substring(0, at);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > limit ? b + "...(" + s.length() + " chars)" : b.toString();
    }
}
