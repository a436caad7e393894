package dev.capfence.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.policy.Patterns;
import dev.capfence.semantics.path.CanonicalPath;
import dev.capfence.semantics.path.PathCanonicalizer;
import dev.capfence.semantics.path.PathGlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

    @ParameterizedTest
    @CsvSource({
            "shell.*, shell.exec, true",
            "shell.*, shell., true",
            "shell.*, shel.exec, false",
            "*.exec, shell.exec, true",
            "s?ell, shell, true",
            "s?ell, sell, false",
            "*, '', true",
            "'', '', true",
            "'', x, false",
            "a*b*c, aXXbYYc, true",
            "a*b*c, aXXbYY, false",
            "**, anything, true",
            // a literal star in the text is text, never the pattern's star
            "a*, a*b, true",
            "*x, **x, true",
            "a?, a*, true",
    })
    void matches(String pattern, String text, boolean expected) {
        assertThat(Wildcard.matches(pattern, text)).isEqualTo(expected);
    }

    @Test
    void longInputsFinishWithoutRecursion() {
        String text = "a".repeat(200_000) + "b";
        assertThat(Wildcard.matches("*a*a*a*c", text)).isFalse();
        assertThat(Wildcard.matches("*a*b", text)).isTrue();
    }

    @Test
    void policyNameGlobsAndPathSegmentsShareTheWalk() {
        assertThat(Patterns.matches("ops-*", "ops-*bob")).isTrue();
        CanonicalPath path = PathCanonicalizer.lexical().canonicalize("/srv/a*b/key.pem");
        assertThat(PathGlob.compile("/srv/a*/*.pem").matches(path)).isTrue();
    }
}
