package dev.capfence.semantics.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PathGlobs} answers exactly as trying each {@link PathGlob} in turn, case-folded or not. */
class PathGlobsTest {

    /** Segment pieces: wildcards, dots, secret names, and characters whose case mapping is unusual. */
    private static final String[] PIECES = {"**", "*", "?", ".", "..", ".env", "env", "ENV", "id_rsa", "ID_RSA", "x",
            "X", ".pem", "a", "\u00df", "SS", "ss", "\u212a", "k", "\u017f", "\u0130", "i", "\u03c3", "\u03c2", "\u03a3"};
    private static final String[] ROOTS = {"", "", "/", "~/", "../", "../../", "./"};

    private static String randomPath(Random random, boolean glob) {
        StringBuilder b = new StringBuilder(ROOTS[random.nextInt(ROOTS.length)]);
        if (glob && random.nextInt(3) > 0) {
            b.setLength(0);
            b.append("**/"); // the usual shape of a secrets glob
        }
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                String piece = PIECES[random.nextInt(PIECES.length)];
                b.append(glob || !piece.contains("*") && !piece.contains("?") ? piece : "y");
            }
            if (n > 1) {
                b.append('/');
            }
        }
        return b.toString();
    }

    /** A random glob that compiles (a suspicious one, such as a name ending in a dot, is refused). */
    private static PathGlob compilable(Random random) {
        while (true) {
            try {
                return PathGlob.compile(randomPath(random, true));
            } catch (IllegalArgumentException suspicious) {
                // draw again
            }
        }
    }

    @Test
    void answersAsTheGlobsOneByOne() {
        Random random = new Random(20261207);
        PathCanonicalizer canonicalizer = PathCanonicalizer.lexical();
        int matched = 0;
        for (int round = 0; round < 2_000; round++) {
            List<PathGlob> globs = new ArrayList<>();
            for (int i = 1 + random.nextInt(10); i > 0; i--) {
                PathGlob g = compilable(random);
                globs.add(random.nextInt(4) == 0 ? g : g.ignoringCase());
            }
            PathGlobs set = PathGlobs.of(globs);
            for (int v = 0; v < 40; v++) {
                String raw = randomPath(random, false);
                raw = random.nextBoolean() ? raw : raw.toUpperCase(Locale.ROOT);
                CanonicalPath p = canonicalizer.canonicalize(raw);
                boolean expected = globs.stream().anyMatch(g -> g.matches(p));
                assertThat(set.matchesAny(p)).as("%s against %s", raw, globs).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the random cases exercise matches too").isGreaterThan(5_000);
        assertThat(PathGlobs.of(List.of(PathGlob.compile("**/.env"))).matchesAny(null)).isFalse();
    }

    @Test
    void foldingIsUpperThenLowerCaseForEveryText() {
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                // ASCII most of the time, sometimes any character of the Basic Multilingual Plane
                b.append(random.nextInt(3) > 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000));
            }
            String s = b.toString();
            assertThat(CanonicalPath.fold(s)).as(s).isEqualTo(s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
        }
    }
}
