package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link AnchoredLiterals} gives RE2/J's answer for every regex it recognizes, and recognizes only its shape. */
class AnchoredLiteralsTest {

    /** Word characters: letters with extra case-folding partners (k, s), others, digits and punctuation. */
    private static final String WORD_CHARS = "kKsSabAB19 -_/:=@%!,";
    /** Text characters: the same, their Unicode look-alikes and partners, RE2's \s and the spaces it leaves out. */
    private static final String TEXT_CHARS = "kKsSabAB19 -_/:=@%!,\u212A\u017F\u0130\u0131\u00DF\t\n\f\r\u000B\u00A0"
            + "\u0085\u2028\uD83D\uDE00\uD800";
    private static final String[] TAILS = {"", "$", "\\s", "(\\s|$)", "(?:\\s|$)"};

    private static String random(Random random, String chars, int min, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = min + random.nextInt(max - min + 1); n > 0; n--) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    @Test
    void answersAsRe2j() {
        Random random = new Random(20261207);
        int matched = 0;
        for (int round = 0; round < 2_000; round++) {
            StringBuilder regex = new StringBuilder(random.nextBoolean() ? "^(" : "^(?:");
            String[] words = new String[1 + random.nextInt(3)];
            for (int i = 0; i < words.length; i++) {
                words[i] = random(random, WORD_CHARS, 1, 4);
                regex.append(i == 0 ? "" : "|").append(words[i]);
            }
            regex.append(')').append(TAILS[random.nextInt(TAILS.length)]);
            boolean ignoreCase = random.nextInt(4) > 0;
            AnchoredLiterals shortcut = AnchoredLiterals.of(regex.toString(), ignoreCase);
            assertThat(shortcut).as(regex.toString()).isNotNull();
            Pattern re2j = Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            for (int t = 0; t < 50; t++) {
                // a word, often re-cased or with look-alikes, then random characters; or random characters only
                String text = random.nextInt(4) > 0
                        ? lookAlike(random, words[random.nextInt(words.length)]) + random(random, TEXT_CHARS, 0, 3)
                        : random(random, TEXT_CHARS, 0, 6);
                boolean expected = re2j.matcher(text).find();
                assertThat(shortcut.find(text)).as("%s in <%s> ignoring case %s", regex, text, ignoreCase)
                        .isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the random cases exercise matches too").isGreaterThan(20_000);
    }

    /** Each character kept, re-cased, or swapped for its Unicode case-folding partner (Kelvin sign, long s). */
    private static String lookAlike(Random random, String word) {
        StringBuilder b = new StringBuilder();
        for (char c : word.toCharArray()) {
            int roll = random.nextInt(4);
            if (roll == 0 && (c == 'k' || c == 'K')) {
                b.append('\u212A');
            } else if (roll == 0 && (c == 's' || c == 'S')) {
                b.append('\u017F');
            } else if (roll == 1) {
                b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void everyWordCharacterMatchesWhatRe2jMatchesIgnoringCase() {
        // the case-folding table of the shortcut against RE2/J's, over the whole Basic Multilingual Plane
        String plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-/,:=@%!";
        for (char w : plain.toCharArray()) {
            AnchoredLiterals shortcut = AnchoredLiterals.of("^(" + w + ")$", true);
            Pattern re2j = Pattern.compile("^(" + w + ")$", Pattern.CASE_INSENSITIVE);
            for (int c = 0; c < 0x10000; c++) {
                String text = String.valueOf((char) c);
                assertThat(shortcut.find(text)).as("%s against U+%04X", w, c).isEqualTo(re2j.matcher(text).find());
            }
        }
    }

    @Test
    void recognizesOnlyItsShape() {
        assertThat(AnchoredLiterals.of("^(ls|pwd|git status)(\\s|$)", true)).isNotNull();
        for (String other : new String[] {"(ls|pwd)", "^ls", "^(ls|)", "^(l.s)", "^(ls)(?m)$", "^(?i)(ls)", "^(ls)+",
                "^(ls|pwd)\\b", "^(ls)\\s*", "^(l\\s)", "^(ls)(\\s|$)x", "^(ls|(pwd))", "^(ls)$|x", "^(l[s])"}) {
            assertThat(AnchoredLiterals.of(other, true)).as(other).isNull();
        }
    }
}
