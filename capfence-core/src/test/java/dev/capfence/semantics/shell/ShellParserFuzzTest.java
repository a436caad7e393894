package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random inputs: the parser must never throw and always answer. The seed is fixed so runs are
 * reproducible; set {@code -Dcapfence.fuzz.seed=N} to explore others. Failures print seed, case and input.
 */
class ShellParserFuzzTest {

    private static final long SEED = Long.getLong("capfence.fuzz.seed", 0x5EEDC0DEL);
    private static final String ALPHABET = "'\"`$(){}[]|&;<>*?!#~= \t\n\\-" + "abcfhmrsx01";

    @Test
    void randomStringsOverShellMetacharacters() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(80);
            StringBuilder sb = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(sb.toString(), "random", i);
        }
    }

    @Test
    void mutationsOfTheCorpus() {
        List<String> corpus = new ArrayList<>();
        Corpus.expectations("evasions.txt").forEach(l -> corpus.add(l.input()));
        Corpus.inputs("lookalikes.txt").forEach(l -> corpus.add(l.input()));
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                mutate(sb, random);
            }
            check(sb.toString(), "mutation", i);
        }
    }

    private static void mutate(StringBuilder sb, Random random) {
        int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
        switch (sb.length() == 0 ? 0 : random.nextInt(4)) {
            case 0 -> sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            case 1 -> sb.deleteCharAt(at);
            case 2 -> sb.insert(at, sb.charAt(at));
            default -> {
                int other = random.nextInt(sb.length());
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(other));
                sb.setCharAt(other, c);
            }
        }
    }

    /** Pathological repetitions up to 64 Ki characters: each size must finish; the timeout catches blow-ups. */
    @Test
    @Timeout(20)
    void pathologicalInputsFinish() {
        List<String> units = List.of("(", "((", "$(", "$((", "`", "\\`", "'a'\"b\"", "a|", "\\\\", "${", "{",
                "\"$(", "{a,", "x{a,b}", "<(", "if ", "case a in a) ", "eval ", "sudo ", "bash -c '", "<<a ",
                "<<a\n", "f() ", "[[ ", "! ", ";", ")", "}", "'", "\"", "$'", "a=(", "@(", "for ((", "\\\n");
        for (String unit : units) {
            for (int n = 1024; n <= ShellParser.MAX_INPUT_LENGTH; n *= 2) {
                String input = unit.repeat(n / unit.length() + 1).substring(0, n);
                check(input, "pathological '" + unit + "'", n);
            }
        }
    }

    private static void check(String input, String kind, int caseNumber) {
        ShellScript script;
        try {
            script = ShellParser.parse(input);
        } catch (Throwable t) {
            throw new AssertionError(failure(kind, caseNumber, input) + " threw " + t, t);
        }
        if (script == null || script.commands() == null || script.problems() == null) {
            fail(failure(kind, caseNumber, input) + " returned null");
        }
        assertThat(script.unparseable()).as(failure(kind, caseNumber, input)).isEqualTo(!script.problems().isEmpty());
        assertThat(script.problems()).as(failure(kind, caseNumber, input)).doesNotContainNull()
                .noneMatch(p -> p.startsWith("internal"));
        for (SimpleCommand c : script.commands()) {
            assertThat(c).as(failure(kind, caseNumber, input)).isNotNull();
            assertThat(c.args()).doesNotContainNull();
            assertThat(c.flags()).doesNotContainNull();
        }
    }

    private static String failure(String kind, int caseNumber, String input) {
        String shown = input.length() > 200 ? input.substring(0, 200) + "…(" + input.length() + " chars)" : input;
        return "seed=" + SEED + " " + kind + " case " + caseNumber + " input=<"
                + shown.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + ">";
    }
}
