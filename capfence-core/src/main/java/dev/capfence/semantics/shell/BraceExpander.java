package dev.capfence.semantics.shell;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Bash brace expansion ({@code {a,b}}, {@code {1..3}}, {@code {a..c..2}}) on unquoted braces, so that
 * {@code rm -{r,f}} is seen as {@code rm -r -f}. Iterative and bounded: a word longer than
 * {@link #MAX_WORD} or expanding to more than {@link #MAX_RESULTS} words is left alone and reported.
 */
final class BraceExpander {

    static final int MAX_RESULTS = 64;
    static final int MAX_WORD = 4096;

    private BraceExpander() {
    }

    static List<Word> expandAll(List<Word> words, Context ctx) {
        List<Word> out = new ArrayList<>(words.size());
        for (Word w : words) {
            if (w.hasUnquoted('{') && w.hasUnquoted('}')) {
                out.addAll(expand(w, ctx));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static List<Word> expand(Word word, Context ctx) {
        if (word.length() > MAX_WORD) {
            if (findGroup(word) != null) {
                ctx.problem("brace expansion in an overlong word is not resolved");
            }
            return List.of(word);
        }
        List<Word> out = new ArrayList<>();
        Deque<Word> work = new ArrayDeque<>();
        work.push(word);
        while (!work.isEmpty()) {
            Word w = work.pop();
            int[] group = findGroup(w);
            if (group == null) {
                out.add(w);
                continue;
            }
            List<Word> alternatives = alternatives(w, group[0], group[1]);
            if (alternatives == null || out.size() + work.size() + alternatives.size() > MAX_RESULTS) {
                ctx.problem("brace expansion too large: " + Context.excerpt(word.text()));
                return List.of(word);
            }
            Word prefix = w.slice(0, group[0]);
            Word suffix = w.slice(group[1] + 1, w.length());
            for (int k = alternatives.size() - 1; k >= 0; k--) { // a stack: push in reverse to keep the order
                work.push(Word.braceResult(prefix, alternatives.get(k), suffix));
            }
        }
        return out;
    }

    /** {open, close} of the leftmost unquoted brace pair holding a top-level comma or a sequence, or null. */
    private static int[] findGroup(Word w) {
        int n = w.length();
        int[] opens = new int[n];
        boolean[] comma = new boolean[n];
        int sp = 0;
        int[] best = null;
        for (int i = 0; i < n; i++) {
            if (!w.isUnquoted(i)) {
                continue;
            }
            char c = w.charAt(i);
            if (c == '{') {
                opens[sp] = i;
                comma[sp] = false;
                sp++;
            } else if (c == ',' && sp > 0) {
                comma[sp - 1] = true;
            } else if (c == '}' && sp > 0) {
                sp--;
                int open = opens[sp];
                if ((comma[sp] || sequence(w, open, i) != null) && (best == null || open < best[0])) {
                    best = new int[] {open, i};
                }
            }
        }
        return best;
    }

    private static List<Word> alternatives(Word w, int open, int close) {
        List<String> sequence = sequence(w, open, close);
        if (sequence != null) {
            List<Word> out = new ArrayList<>();
            for (String s : sequence) {
                Word alt = new Word();
                alt.add(s, 0, s.length(), Word.UNQUOTED);
                out.add(alt);
            }
            return out.size() > MAX_RESULTS ? null : out;
        }
        List<Word> out = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i < close; i++) {
            if (w.isUnquoted(i, '{')) {
                depth++;
            } else if (w.isUnquoted(i, '}')) {
                depth--;
            } else if (depth == 0 && w.isUnquoted(i, ',')) {
                out.add(w.slice(start, i));
                start = i + 1;
            }
        }
        out.add(w.slice(start, close));
        return out;
    }

    /** {@code {1..5}}, {@code {a..e}}, {@code {10..1..3}}: the values, or null when not a valid sequence. */
    private static List<String> sequence(Word w, int open, int close) {
        if (close - open > 40) {
            return null;
        }
        for (int i = open + 1; i < close; i++) {
            if (!w.isUnquoted(i)) {
                return null;
            }
        }
        String[] parts = splitDots(w.substring(open + 1, close));
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        long step = 1;
        if (parts.length == 3) {
            Long s = number(parts[2]);
            if (s == null) {
                return null;
            }
            step = Math.max(1, Math.abs(s));
        }
        Long a = number(parts[0]);
        Long b = number(parts[1]);
        boolean letters = a == null && b == null && parts[0].length() == 1 && parts[1].length() == 1
                && Character.isLetter(parts[0].charAt(0)) && Character.isLetter(parts[1].charAt(0));
        if (letters) {
            a = (long) parts[0].charAt(0);
            b = (long) parts[1].charAt(0);
        } else if (a == null || b == null) {
            return null;
        }
        if (Math.abs(b - a) / step + 1 > MAX_RESULTS) {
            return Collections.nCopies(MAX_RESULTS + 1, ""); // too many: the caller rejects it
        }
        List<String> out = new ArrayList<>();
        long dir = b >= a ? step : -step;
        for (long v = a; dir > 0 ? v <= b : v >= b; v += dir) {
            out.add(letters ? String.valueOf((char) v) : Long.toString(v));
        }
        return out;
    }

    private static String[] splitDots(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = s.indexOf(".."); i >= 0; i = s.indexOf("..", start)) {
            parts.add(s.substring(start, i));
            start = i + 2;
        }
        parts.add(s.substring(start));
        return parts.toArray(new String[0]);
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return null;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == s.length()) {
            return null;
        }
        for (int k = i; k < s.length(); k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
