package dev.capfence.policy;

/**
 * The longest run of plain ASCII characters that every match of a regular expression must contain, so that
 * a text lacking it is rejected with one {@code indexOf}-like scan instead of a regex search.
 *
 * <p>Conservative by construction: only a concatenation at the top level is read (any top-level {@code |}
 * gives no literal); groups, classes, escapes standing for classes ({@code \s}, {@code \d}), {@code .},
 * anchors and anything unusual end a run; a character followed by {@code ?}, {@code *} or a repetition
 * count leaves it. Escapes that read on ({@code \x41}, {@code \p{L}}, back-references), {@code \Q} and
 * comments mode ({@code (?x)}) give no literal at all. The check ignores ASCII case and is skipped for a
 * text holding any non-ASCII character, whose case folding (K and the Kelvin sign, s and the long s) a
 * plain comparison would not reproduce.
 */
final class RequiredLiteral {

    /** Escapes that stand for one character, class or anchor and take nothing after their letter. */
    private static final String ONE_CHAR_ESCAPES = "sSdDwWbBAzZGntrfaevhHRX";
    /** Shorter runs save too little to be worth a scan. */
    private static final int MIN_LENGTH = 2;

    private RequiredLiteral() {
    }

    /** The literal every match of {@code regex} contains, lower-cased; null when none is known. */
    static String of(String regex) {
        if (regex.contains("\\Q")) {
            return null;
        }
        StringBuilder run = new StringBuilder();
        String best = "";
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '|') {
                return null; // a top-level alternative needs none of the others' literals
            }
            if (c == '?' || c == '*' || c == '{') {
                if (!run.isEmpty()) {
                    run.setLength(run.length() - 1); // the quantified character may be absent
                }
                best = longer(best, run);
                i = c == '{' ? regex.indexOf('}', i) + 1 : i + 1;
                if (i == 0) {
                    return null;
                }
            } else if (c == '+') {
                best = longer(best, run); // the character stays required, but repeats: the run ends here
                i++;
            } else if (c == '(') {
                if (regex.startsWith("(?", i) && hasCommentsFlag(regex, i + 2)) {
                    return null;
                }
                best = longer(best, run);
                i = groupEnd(regex, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '[') {
                best = longer(best, run);
                i = classEnd(regex, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char escaped = regex.charAt(i + 1);
                if (escaped < 128 && !Character.isLetterOrDigit(escaped)) {
                    run.append(Character.toLowerCase(escaped)); // \. \| \( ... stand for themselves
                } else if (ONE_CHAR_ESCAPES.indexOf(escaped) >= 0) {
                    best = longer(best, run); // \s \d \b \n ...: a class, an anchor or a control character
                } else {
                    return null; // \x41 \u0041 \p{L} \1 \k<name> ...: what follows is not literal text
                }
                i += 2;
            } else if (c < 128 && Character.isLetterOrDigit(c) || c == ' ' || c == '_' || c == '-' || c == '/'
                    || c == ',' || c == ':' || c == ';' || c == '=' || c == '@' || c == '%' || c == '&'
                    || c == '!' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '~' || c == '#') {
                run.append(Character.toLowerCase(c));
                i++;
            } else {
                best = longer(best, run); // . ^ $ ) } and anything else
                i++;
            }
        }
        best = longer(best, run);
        return best.length() >= MIN_LENGTH ? best : null;
    }

    /** True when the ASCII {@code text} cannot hold {@code literal} (lower-case); false when unsure. */
    static boolean absent(String literal, String text) {
        char lower = literal.charAt(0);
        char upper = Character.toUpperCase(lower);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || (c == lower || c == upper) && text.regionMatches(true, i, literal, 0, literal.length())) {
                return false;
            }
        }
        return true;
    }

    private static String longer(String best, StringBuilder run) {
        String candidate = run.length() > best.length() ? run.toString() : best;
        run.setLength(0);
        return candidate;
    }

    /** Whether the flags of a {@code (?flags)} or {@code (?flags:} group starting at {@code i} include x. */
    private static boolean hasCommentsFlag(String regex, int i) {
        for (int j = i; j < regex.length() && regex.charAt(j) != ':' && regex.charAt(j) != ')'; j++) {
            if (regex.charAt(j) == 'x') {
                return true;
            }
        }
        return false;
    }

    /** Index after the group opening at {@code i}, skipping nested groups, classes and escapes; -1 if open. */
    private static int groupEnd(String regex, int i) {
        int depth = 0;
        int j = i;
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[') {
                j = classEnd(regex, j);
                if (j < 0) {
                    return -1;
                }
            } else {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return j + 1;
                }
                j++;
            }
        }
        return -1;
    }

    /** Index after the character class opening at {@code i} ({@code []a]}, {@code [[:alpha:]]}); -1 if open. */
    private static int classEnd(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++; // a leading ] is a member
        }
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
                int close = regex.indexOf(":]", j + 2);
                if (close < 0) {
                    return -1;
                }
                j = close + 2;
            } else if (c == '[') {
                return -1; // a nested class (Java's union syntax): not read
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return -1;
    }
}
