package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.semantics.Wildcard;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A {@link Glob} tested as a prefix, suffix or substring answers as the wildcard walk does. */
class GlobTest {

    private static final String PATTERN_CHARS = "ab.*?*\u0130\u212ak";
    private static final String TEXT_CHARS = "abAB.*?\u0130i\u212akK";

    private static String random(Random random, String chars, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    @Test
    void everyShapeAnswersAsTheWildcardWalk() {
        Random random = new Random(20261207);
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            String pattern = random(random, PATTERN_CHARS, 6);
            String text = random(random, TEXT_CHARS, 8);
            boolean expected = Wildcard.matches(pattern, text);
            assertThat(Glob.of(pattern).matches(text)).as("%s against %s", text, pattern).isEqualTo(expected);
            boolean expectedFolded = Wildcard.matches(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT));
            assertThat(Glob.ignoringCase(pattern).matches(text)).as("%s against %s ignoring case", text, pattern)
                    .isEqualTo(expectedFolded);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("the random cases exercise matches too").isGreaterThan(10_000);
    }

    @Test
    void theUsualShapes() {
        assertThat(Glob.of("*.pem").matches("server.pem")).isTrue();
        assertThat(Glob.of("*.pem").matches("server.pem.txt")).isFalse();
        assertThat(Glob.of("GIT_*").matches("GIT_SSH_COMMAND")).isTrue();
        assertThat(Glob.of("GIT_*").matches("MY_GIT_X")).isFalse();
        assertThat(Glob.of("*kubeconfig*").matches("a/kubeconfig.yaml")).isTrue();
        assertThat(Glob.of("*kubeconfig*").matches("kube-config")).isFalse();
        assertThat(Glob.of("**").matches("")).isTrue();
        assertThat(Glob.ignoringCase("Python*").matches("PYTHON3")).isTrue();
        assertThat(Glob.of("*id_rsa_*").matches("id_rsa")).isFalse();
        assertThat(Glob.of("a*b").matches("ab")).isTrue();
    }
}
