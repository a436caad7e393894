package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * An exact answer, without running the regex engine, for the allow-list shape policies write most:
 * {@code ^(ls|pwd|git status)(\s|$)} — an anchored alternation of plain words, then nothing, {@code $},
 * {@code \s} or {@code (\s|$)}. Any other regex is not recognized ({@link #of} gives null) and runs on RE2/J.
 *
 * <p>The answer is RE2/J's: {@code ^} and {@code $} without {@code (?m)} are the start and the end of the
 * text, {@code \s} is {@code [\t\n\f\r ]}, and ignoring case a letter matches its simple case folding orbit,
 * which for ASCII adds only the Kelvin sign to {@code k} and the long s to {@code s}.
 */
final class AnchoredLiterals {

    private enum Tail { NONE, END, SPACE, SPACE_OR_END }

    private static final char KELVIN_SIGN = '\u212A';
    private static final char LONG_S = '\u017F';

    private final String[] words;
    private final Tail tail;
    private final boolean ignoreCase;

    private AnchoredLiterals(String[] words, Tail tail, boolean ignoreCase) {
        this.words = words;
        this.tail = tail;
        this.ignoreCase = ignoreCase;
    }

    /** The shortcut for {@code regex}, or null when it is not exactly of the recognized shape. */
    static AnchoredLiterals of(String regex, boolean ignoreCase) {
        if (!regex.startsWith("^(")) {
            return null;
        }
        int i = regex.startsWith("^(?:") ? 4 : 2;
        int close = regex.indexOf(')', i);
        if (close < 0) {
            return null;
        }
        List<String> words = new ArrayList<>();
        int from = i;
        for (int k = i; k <= close; k++) {
            if (k == close || regex.charAt(k) == '|') {
                if (k == from) {
                    return null; // an empty alternative matches everything: leave it to the engine
                }
                words.add(regex.substring(from, k));
                from = k + 1;
            } else if (!plain(regex.charAt(k))) {
                return null;
            }
        }
        Tail tail = switch (regex.substring(close + 1)) {
            case "" -> Tail.NONE;
            case "$" -> Tail.END;
            case "\\s" -> Tail.SPACE;
            case "(\\s|$)", "(?:\\s|$)" -> Tail.SPACE_OR_END;
            default -> null;
        };
        return tail == null ? null : new AnchoredLiterals(words.toArray(new String[0]), tail, ignoreCase);
    }

    /** Characters that stand for themselves in a regex and have no case folding beyond ASCII but k and s. */
    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_'
                || c == '-' || c == '/' || c == ',' || c == ':' || c == '=' || c == '@' || c == '%' || c == '!';
    }

    /** Whether the regex finds a match in {@code text}, as RE2/J would answer. */
    boolean find(String text) {
        for (String w : words) {
            if (startsWith(text, w) && tailHolds(text, w.length())) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWith(String text, String word) {
        if (text.length() < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!same(word.charAt(i), text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean same(char wanted, char c) {
        if (c == wanted) {
            return true;
        }
        if (!ignoreCase) {
            return false;
        }
        char lower = wanted >= 'A' && wanted <= 'Z' ? (char) (wanted + 32) : wanted;
        if (lower < 'a' || lower > 'z') {
            return false; // digits and punctuation have no other case
        }
        return c == lower || c == lower - 32 || (lower == 'k' && c == KELVIN_SIGN) || (lower == 's' && c == LONG_S);
    }

    private boolean tailHolds(String text, int at) {
        boolean end = at == text.length();
        boolean space = !end && isSpace(text.charAt(at));
        return switch (tail) {
            case NONE -> true;
            case END -> end;
            case SPACE -> space;
            case SPACE_OR_END -> space || end;
        };
    }

    /** RE2's {@code \s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
