package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GlobSet} answers exactly as trying each {@link Glob} in turn, case-folded or not. */
class GlobSetTest {

    /** Letters in both cases, wildcards, and characters whose case mapping is unusual (İ, ß, Kelvin sign, ſ). */
    private static final String ALPHABET = "abAB.-*?\u0130i\u00dfS\u212aks\u017f";

    private static String random(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static boolean anyInTurn(Glob[] globs, String value) {
        for (Glob g : globs) {
            if (g.matches(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void answersAsTheGlobsOneByOne() {
        Random random = new Random(20261207);
        int matched = 0;
        for (int round = 0; round < 3_000; round++) {
            Glob[] globs = new Glob[1 + random.nextInt(8)];
            for (int i = 0; i < globs.length; i++) {
                // mostly plain names, as in the packs, sometimes a wildcard glob
                String pattern = random.nextInt(3) == 0 ? random(random, 4) : random(random, 3).replace('*', 'a').replace('?', 'b');
                pattern = pattern.isEmpty() ? "a" : pattern;
                globs[i] = random.nextBoolean() ? Glob.ignoringCase(pattern) : Glob.of(pattern);
            }
            GlobSet set = GlobSet.of(globs);
            for (int v = 0; v < 30; v++) {
                // half the values are a pattern itself, recased, so that literal hits are frequent
                String value = random.nextBoolean() ? random(random, 5) : recased(random, globs[random.nextInt(globs.length)].pattern());
                boolean expected = anyInTurn(globs, value);
                assertThat(set.matches(value)).as("%s against %s", value, set).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the random cases exercise matches too").isGreaterThan(10_000);
    }

    private static String recased(Random random, String s) {
        return switch (random.nextInt(3)) {
            case 0 -> s;
            case 1 -> s.toUpperCase(java.util.Locale.ROOT);
            default -> s.toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Test
    void nullMatchesNothingAndTheListReadsAsWritten() {
        GlobSet set = GlobSet.of(new Glob[] {Glob.ignoringCase("Git"), Glob.of("mkfs.*")});
        assertThat(set.matches(null)).isFalse();
        assertThat(set.matches("GIT")).isTrue();
        assertThat(set.matches("mkfs.ext4")).isTrue();
        assertThat(set.matches("MKFS.ext4")).isFalse();
        assertThat(set).hasToString("[git, mkfs.*]");
        assertThat(GlobSet.of(new Glob[] {Glob.of("rm")})).hasToString("rm");
        assertThat(GlobSet.of(null)).isNull();
    }
}
