package dev.capfence.semantics.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options written in a command's own words, read without knowing the program: which letters and long names
 * appear, which were written long (GNU programs take any unambiguous prefix, so {@code --recurs} may be
 * {@code --recursive}), and every value that could be attached to an option ({@code --output=/x},
 * {@code -o/x}). Reading stops at {@code --}.
 */
final class OptionWords {

    // empty until the first option: most commands have none
    Set<String> flags = Set.of();
    Set<String> longFlags = Set.of();
    List<String> values = List.of();

    private OptionWords() {
    }

    static OptionWords of(List<Word> words) {
        OptionWords o = new OptionWords();
        for (Word w : words) {
            String s = w.text();
            if (s.equals("--")) {
                break;
            }
            if (w.hasExpansion() || s.length() < 2 || s.charAt(0) != '-') {
                continue; // "-$X" could be anything; a lone - is an operand
            }
            if (s.charAt(1) == '-') {
                int eq = s.indexOf('=');
                String name = s.substring(2, eq < 0 ? s.length() : eq);
                if (!name.isEmpty()) {
                    o.flag(name);
                    if (o.longFlags.isEmpty()) {
                        o.longFlags = new LinkedHashSet<>();
                    }
                    o.longFlags.add(name);
                }
                if (eq >= 0) {
                    o.value(s.substring(eq + 1));
                }
            } else {
                for (int k = 1; k < s.length(); k++) {
                    o.flag(letter(s.charAt(k)));
                    if (k + 1 < s.length()) { // -o/tmp/x: which letter takes a value depends on the program
                        o.value(s.substring(k + 1));
                    }
                }
            }
        }
        return o;
    }

    /** One-letter option names, made once: most commands have a few, and every reading asks again. */
    private static final String[] LETTERS = new String[128];

    static {
        for (char c = 0; c < LETTERS.length; c++) {
            LETTERS[c] = String.valueOf(c);
        }
    }

    private static String letter(char c) {
        return c < LETTERS.length ? LETTERS[c] : String.valueOf(c);
    }

    private void flag(String name) {
        if (flags.isEmpty()) {
            flags = new LinkedHashSet<>();
        }
        flags.add(name);
    }

    private void value(String value) {
        if (values.isEmpty()) {
            values = new ArrayList<>(2);
        }
        values.add(value);
    }
}
