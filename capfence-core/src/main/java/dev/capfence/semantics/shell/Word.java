package dev.capfence.semantics.shell;

import java.util.Arrays;

/**
 * A shell word after quote removal, remembering for every character how it was written: unquoted, quoted
 * (inside quotes or after a backslash) or part of an expansion ({@code $X}, {@code ${X}}, {@code $(…)},
 * backticks, kept as written). Only unquoted characters can be keywords, globs, braces or assignments.
 */
final class Word {

    static final byte UNQUOTED = 0;
    static final byte QUOTED = 1;
    static final byte EXPANSION = 2;

    private final StringBuilder text = new StringBuilder();
    /** {@link #text()} once asked for, until the word grows: the resolver and the policy ask many times. */
    private String string;
    private byte[] kinds = new byte[16];
    private boolean allUnquoted = true;
    private boolean expansion;
    private boolean processSubstitution;
    private boolean fromBrace;

    void add(char c, byte kind) {
        if (text.length() == kinds.length) {
            kinds = Arrays.copyOf(kinds, kinds.length * 2);
        }
        kinds[text.length()] = kind;
        text.append(c);
        string = null;
        allUnquoted &= kind == UNQUOTED;
        expansion |= kind == EXPANSION;
    }

    /** Characters {@code [from, to)} of {@code source}, all of one kind, in one go. */
    void add(CharSequence source, int from, int to, byte kind) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        int at = text.length();
        if (at + n > kinds.length) {
            kinds = Arrays.copyOf(kinds, Math.max(kinds.length * 2, at + n));
        }
        Arrays.fill(kinds, at, at + n, kind);
        text.append(source, from, to);
        string = null;
        allUnquoted &= kind == UNQUOTED;
        expansion |= kind == EXPANSION;
    }

    void markProcessSubstitution() {
        processSubstitution = true;
    }

    int length() {
        return text.length();
    }

    char charAt(int i) {
        return text.charAt(i);
    }

    /** The character at {@code i} is {@code c}, written unquoted. */
    boolean isUnquoted(int i, char c) {
        return kinds[i] == UNQUOTED && text.charAt(i) == c;
    }

    boolean isExpansion(int i) {
        return kinds[i] == EXPANSION;
    }

    boolean isUnquoted(int i) {
        return kinds[i] == UNQUOTED;
    }

    String text() {
        if (string == null) {
            string = text.toString();
        }
        return string;
    }

    String substring(int from, int to) {
        return text.substring(from, to);
    }

    /** No quoting and no expansion: the only kind of word that can be a reserved word such as {@code if}. */
    boolean isPlainLiteral() {
        return allUnquoted;
    }

    boolean is(String reserved) {
        return allUnquoted && text.length() == reserved.length() && reserved.contentEquals(text);
    }

    /**
     * What the word becomes is only known when the shell runs it: it holds an expansion, a command or process
     * substitution, or an unquoted glob.
     */
    boolean isBuiltAtRunTime() {
        return expansion || processSubstitution || hasUnquotedGlob();
    }

    boolean hasExpansion() {
        return expansion;
    }

    boolean hasProcessSubstitution() {
        return processSubstitution;
    }

    boolean fromBrace() {
        return fromBrace;
    }

    /** Contains an unquoted {@code *}, {@code ?}, or {@code [} closed later by an unquoted {@code ]}. */
    boolean hasUnquotedGlob() {
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            if (kinds[i] != UNQUOTED) {
                continue;
            }
            char c = text.charAt(i);
            if (c == '*' || c == '?' || (c == ']' && open)) {
                return true;
            }
            open |= c == '[';
        }
        return false;
    }

    boolean hasUnquoted(char c) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnquoted(i, c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text holds {@code NAME[…$(…)…]} or {@code NAME[…`…`…]}, quoted or not: bash evaluates such a subscript
     * (and runs the substitution) wherever a builtin takes a variable name — {@code printf -v}, {@code read},
     * {@code declare}, {@code unset}, {@code test -v}, {@code [[ -v ]]}, {@code let}, arithmetic.
     */
    boolean subscriptRunsCode() {
        int n = text.length();
        for (int i = 1; i < n; i++) {
            if (text.charAt(i) != '[' || !isNameChar(text.charAt(i - 1))) {
                continue;
            }
            int close = text.indexOf("]", i);
            String inside = text.substring(i, close < 0 ? n : close);
            if (inside.contains("$(") || inside.indexOf('`') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code NAME=}, {@code NAME+=} or {@code NAME[sub]=} written unquoted at the start: a variable assignment. */
    boolean isAssignment() {
        int n = text.length();
        if (n == 0 || !isUnquoted(0) || !isNameStart(text.charAt(0))) {
            return false;
        }
        int i = 1;
        while (i < n && isUnquoted(i) && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i < n && isUnquoted(i, '[')) {
            while (i < n && !isUnquoted(i, ']')) {
                i++;
            }
            i++;
        }
        if (i < n && isUnquoted(i, '+')) {
            i++;
        }
        return i < n && isUnquoted(i, '=');
    }

    /** The word so far is exactly {@code NAME=} or {@code NAME+=}, so a following {@code (} opens an array. */
    boolean isAssignmentPrefix() {
        int n = text.length();
        if (n < 2 || !allUnquoted || text.charAt(n - 1) != '=' || !isNameStart(text.charAt(0))) {
            return false;
        }
        int end = text.charAt(n - 2) == '+' ? n - 2 : n - 1;
        for (int i = 1; i < end; i++) {
            if (!isNameChar(text.charAt(i))) {
                return false;
            }
        }
        return end > 0;
    }

    /** Characters {@code [from, to)} as a new word. */
    Word slice(int from, int to) {
        Word w = new Word();
        w.appendRange(this, from, to);
        return w;
    }

    /** {@code prefix + middle + suffix}, marked as produced by brace expansion. */
    static Word braceResult(Word prefix, Word middle, Word suffix) {
        Word w = new Word();
        w.appendRange(prefix, 0, prefix.length());
        w.appendRange(middle, 0, middle.length());
        w.appendRange(suffix, 0, suffix.length());
        w.processSubstitution = prefix.processSubstitution | middle.processSubstitution | suffix.processSubstitution;
        w.fromBrace = true;
        return w;
    }

    private void appendRange(Word other, int from, int to) {
        for (int i = from; i < to; i++) {
            add(other.text.charAt(i), other.kinds[i]);
        }
        processSubstitution |= other.processSubstitution;
        fromBrace |= other.fromBrace;
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
