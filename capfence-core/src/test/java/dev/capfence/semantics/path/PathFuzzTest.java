package dev.capfence.semantics.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.semantics.Fuzz;
import dev.capfence.semantics.path.CanonicalPath.Root;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random and mutated inputs: the canonicalizer never throws and its output keeps its invariants.
 * Set {@code -Dcapfence.fuzz.seed=N} to replay a failure; the seed is in every failure message.
 */
class PathFuzzTest {

    private static final long SEED = Long.getLong("capfence.fuzz.seed", 0x5EED_CAFEL);
    private static final int RUNS = 10_000;

    private static final String[] FRAGMENTS = {"/", "/", "\\", ".", "..", "../", "~", "~root", "%", "%2e", "%2F",
            "%25", "%c0", "%u002e", "\u0000", "\n", "\t", " ", "a", "Z", "é", "e\u0301", "／", "．", "\u2025", "\u2215",
            ":", "C:", "c:\\", "file:", "file://", "//", "\\\\", "*", "**", "?", "\u200B", "\u202E", "\uD800", "\uDC00",
            "\uD83D\uDE00", "ß", "ﬁ", "[", "]", "@", "#", "$DATA", "::", ".env", ".ssh", "etc", "passwd", "\u0085",
            "\u2028", "\uFEFF", "\u00A0", "\u3000", "ＣＯＮ", "%%", "%0"};

    private static final PathCanonicalizer LEXICAL = PathCanonicalizer.lexical();
    private static final PathCanonicalizer CONFIGURED = LEXICAL.withHome("/home/u").withBase("/srv/app");
    private static final List<PathGlob> GLOBS = List.of(PathGlob.compile("**/.ssh/**"),
            PathGlob.compile("**/*.pem").ignoringCase(), PathGlob.compile("/etc/**"), PathGlob.compile("~/**"),
            PathGlob.compile("../x/**"), PathGlob.compile("a/*/b?"));

    @Test
    void randomInputs() {
        Random random = new Random(SEED);
        for (int i = 0; i < RUNS; i++) {
            check(Fuzz.randomInput(random, FRAGMENTS), "random #" + i);
        }
    }

    @Test
    void mutatedCorpusInputs() {
        List<String> mutants = Fuzz.mutatedCorpus("/semantics/path", new Random(SEED), FRAGMENTS, RUNS);
        for (int i = 0; i < mutants.size(); i++) {
            check(mutants.get(i), "mutation #" + i);
        }
    }

    @Test
    @Timeout(20)
    void pathologicalInputsComplete() {
        List<String> inputs = List.of("../".repeat(100_000), "/".repeat(100_000), "%".repeat(100_000),
                "[".repeat(100_000), "\\".repeat(100_000), ".".repeat(100_000), "~".repeat(100_000),
                "%2e".repeat(50_000), "／．".repeat(50_000), "\u0000".repeat(100_000), "a".repeat(100_000),
                "file://" + "/".repeat(100_000), "C:" + "..\\".repeat(50_000), "\u200B".repeat(100_000),
                " ".repeat(100_000), "/a".repeat(100_000) + "/..".repeat(100_000));
        for (String s : inputs) {
            check(s, "pathological input of " + s.length() + " chars starting " + s.substring(0, 6));
        }
    }

    private static void check(String input, String label) {
        String where = label + " (seed " + SEED + ") input=" + Fuzz.escape(input);
        for (PathCanonicalizer c : List.of(LEXICAL, CONFIGURED)) {
            CanonicalPath p = c.canonicalize(input);
            assertThat(p).as(where).isNotNull();
            assertThat(p.root()).as(where).isNotNull();
            assertThat(p.toString()).as(where).isNotNull();
            int leading = 0;
            while (leading < p.segments().size() && p.segments().get(leading).equals("..")) {
                leading++;
            }
            for (int i = 0; i < p.segments().size(); i++) {
                String seg = p.segments().get(i);
                assertThat(seg).as(where).isNotEmpty().isNotEqualTo(".").doesNotContain("/").doesNotContain("\\");
                assertThat(seg.equals("..") && i >= leading).as(where + ": inner ..").isFalse();
            }
            assertThat(p.root() == Root.ABSOLUTE && leading > 0).as(where + ": .. under /").isFalse();
            if (c == CONFIGURED) {
                assertThat(p.root()).as(where).isEqualTo(Root.ABSOLUTE);
            }
            if (!p.suspicious()) {
                // a clean result reads the same when read again
                CanonicalPath again = c.canonicalize(p.toString());
                assertThat(again.root()).as(where + " re-read " + p).isEqualTo(p.root());
                assertThat(again.segments()).as(where + " re-read " + p).isEqualTo(p.segments());
            }
            for (PathGlob g : GLOBS) {
                g.matches(p); // must not throw
            }
        }
    }

}
