package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The literal prefilter may only skip searches that could not match: checked against the engines themselves. */
class RequiredLiteralTest {

    private static final long SEED = 0x11e7a1L;

    /** Patterns of every shape the reader handles, and shapes it must give up on. */
    private static final String[] PATTERNS = {
        "curl\\s.*\\|\\s*(ba)?sh", "^(ls|pwd|git status)(\\s|$)", "rm -rf", "rm\\s+-rf", "drop table", "colou?r",
        "ab*c", "ab{2}cd", "ab{0,3}cd", "x+yz", "(?i)secret_key", "(?i:abc)de", "foo(?=bar)", "a|bcd", "(ab|cd)ef",
        "[abc]def", "[]x]yz", "[[:alpha:]]ok", "\\.env", "a\\|b", "\\Qa|b\\E", "\\bword\\b", "x.y.z", "sk-[A-Za-z0-9]{8}",
        "password=\\S+", "ok$", "^-rf", "a\\d\\dbc", "(?s)ab.cd", "ab+?cd", "ab*+cd", "p{ass", "\\x41bc", "k8s",
        "ſecret", "(a(b)c)de", "\\(x\\)yz",
    };

    @ParameterizedTest
    @CsvSource(delimiter = '\t', nullValues = "null", value = {
        "curl\\s.*\\|\\s*(ba)?sh\tcurl",
        "^(ls|pwd|git status)(\\s|$)\tnull",
        "rm -rf\trm -rf",
        "colou?r\tcolo",
        "ab{2}cd\tcd",
        "x+yz\tyz",
        "(?i)Secret_Key\tsecret_key",
        "a|bcd\tnull",
        "\\.env\t.env",
        "\\Qa|b\\E\tnull",
        "(?x)drop table\tnull",
        "[]x]yz\tyz",
        "a\\d\\dbc\tbc",
    })
    void findsTheLongestLiteralEveryMatchHolds(String regex, String literal) {
        assertThat(RequiredLiteral.of(regex)).isEqualTo(literal);
    }

    @Test
    void aTextWithNonAsciiIsAlwaysSearched() {
        // RE2/J folds the Kelvin sign and the long s into k and s: a plain comparison would not.
        assertThat(RequiredLiteral.absent("secret", "\u017Fecret")).isFalse();
        assertThat(RequiredLiteral.absent("k8s", "\u212A8s")).isFalse();
        assertThat(RequiredLiteral.absent("curl", "git status")).isTrue();
        assertThat(RequiredLiteral.absent("curl", "CuRl x")).isFalse();
    }

    @Test
    void skipsOnlySearchesThatCouldNotMatch() {
        Random random = new Random(SEED);
        String alphabet = "abcdefkrsxyzlu \t-|.=_()\\/ABCKSRL019\u017F\u212A";
        int skipped = 0;
        for (String regex : PATTERNS) {
            for (boolean ignoreCase : new boolean[] {true, false}) {
                TextPattern pattern = TextPattern.compile(regex, ignoreCase);
                String literal = RequiredLiteral.of(regex);
                for (int i = 0; i < 400; i++) {
                    String text = text(random, alphabet, literal);
                    // with the prefilter as without: the engine's own search is the reference
                    assertThat(pattern.find(text)).as("%s in '%s'", regex, text).isEqualTo(pattern.search(text));
                    skipped += literal != null && RequiredLiteral.absent(literal, text) ? 1 : 0;
                }
            }
        }
        assertThat(skipped).as("searches the prefilter skipped").isGreaterThan(1_000);
    }

    /** Random text, often holding the literal (in any case) or a near miss of it. */
    private static String text(Random random, String alphabet, String literal) {
        StringBuilder out = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (literal != null && random.nextBoolean()) {
            StringBuilder piece = new StringBuilder();
            for (char c : literal.toCharArray()) {
                piece.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
            }
            if (random.nextInt(3) == 0) {
                piece.deleteCharAt(random.nextInt(piece.length()));
            }
            out.insert(random.nextInt(out.length() + 1), piece);
        }
        return out.toString();
    }
}
