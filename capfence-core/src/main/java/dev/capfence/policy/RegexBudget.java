package dev.capfence.policy;

/**
 * Measures a regular expression before any engine compiles it. RE2/J expands counted repetitions, so
 * {@code ((a{1000}){1000}){1000}} would become a program of 10⁹ instructions and exhaust memory; the JDK engine
 * recurses once per nested group. The walk estimates the compiled size — each literal, class or escape counts 1,
 * an alternation the sum of its branches, a counted repetition its body times its largest count, nested
 * repetitions multiply — and refuses a pattern over the budget, too long, or nesting groups too deep.
 */
final class RegexBudget {

    /** Largest estimated program size: generous for real patterns ({@code .{0,1000}} is 1,000). */
    static final long MAX_SIZE = 10_000;
    static final int MAX_LENGTH = 10_000;
    static final int MAX_GROUP_DEPTH = 100;

    private final String re;
    private int pos;
    private int depth;
    private boolean counted;

    private RegexBudget(String re) {
        this.re = re;
    }

    /** Why the pattern is over budget, or null when it is within. */
    static String problem(String regex) {
        if (regex.length() > MAX_LENGTH) {
            return "regex too large: " + regex.length() + " characters > " + MAX_LENGTH;
        }
        RegexBudget walk = new RegexBudget(regex);
        long size;
        try {
            size = walk.alternation();
            while (walk.pos < regex.length()) { // a stray ')': the engines will say what is wrong with it
                walk.pos++;
                size = add(size, walk.alternation());
            }
        } catch (TooDeep e) {
            return "regex too large: groups nest more than " + MAX_GROUP_DEPTH + " deep";
        }
        if (size > MAX_SIZE) {
            return walk.counted
                    ? "regex too large: repetition nesting expands to " + shown(size) + " > " + MAX_SIZE
                    : "regex too large: " + shown(size) + " elements > " + MAX_SIZE;
        }
        return null;
    }

    private static String shown(long size) {
        return size >= CAP ? "more than " + CAP : Long.toString(size);
    }

    /** Sizes saturate here: far over any budget, far from overflow. */
    private static final long CAP = 1_000_000_000_000L;

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long times(long a, long b) {
        return b != 0 && a > CAP / b ? CAP : Math.min(CAP, a * b);
    }

    /** branch ('|' branch)*; stops before a ')' or at the end. */
    private long alternation() {
        long size = branch();
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            size = add(size, branch());
        }
        return size;
    }

    private long branch() {
        long size = 0;
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            long atom = atom();
            size = add(size, quantified(atom));
        }
        return size;
    }

    private long atom() {
        char c = re.charAt(pos);
        if (c == '(') {
            return group();
        }
        if (c == '[') {
            skipClass();
            return 1;
        }
        if (c == '\\') {
            return escape();
        }
        pos++;
        return 1;
    }

    private long group() {
        if (++depth > MAX_GROUP_DEPTH) {
            throw new TooDeep();
        }
        pos++; // '('
        if (re.startsWith("?", pos)) {
            pos++;
            if (re.startsWith("P<", pos) || (re.startsWith("<", pos) && pos + 1 < re.length()
                    && Character.isLetter(re.charAt(pos + 1)))) {
                pos = Math.max(pos, re.indexOf('>', pos) + 1); // a named group
            } else if (re.startsWith("<=", pos) || re.startsWith("<!", pos)) {
                pos += 2;
            } else if (pos < re.length() && "=!>".indexOf(re.charAt(pos)) >= 0) {
                pos++;
            } else { // flags: (?i) alone, or (?i:...)
                while (pos < re.length() && re.charAt(pos) != ':' && re.charAt(pos) != ')') {
                    pos++;
                }
                if (pos < re.length() && re.charAt(pos) == ')') {
                    pos++;
                    depth--;
                    return 0;
                }
                pos++;
            }
        }
        long size = alternation();
        if (pos < re.length()) {
            pos++; // ')'
        }
        depth--;
        return add(size, 1);
    }

    /** Skips a character class, nested classes ({@code [a[b]]}) and POSIX names ({@code [[:alpha:]]}) included. */
    private void skipClass() {
        int nesting = 0;
        boolean first = true;
        while (pos < re.length()) {
            char c = re.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                if (re.startsWith(":", pos)) {
                    int end = re.indexOf(":]", pos + 1);
                    if (end > 0) {
                        pos = end + 2;
                        first = false;
                        continue;
                    }
                }
                nesting++;
                first = true;
                if (pos < re.length() && re.charAt(pos) == '^') {
                    pos++;
                }
                continue;
            } else if (c == ']' && !first) {
                if (--nesting == 0) {
                    return;
                }
            }
            first = false;
        }
    }

    private long escape() {
        pos++; // '\\'
        if (pos >= re.length()) {
            return 1;
        }
        char c = re.charAt(pos++);
        if (c == 'Q') { // \Q...\E: every character a literal
            int end = re.indexOf("\\E", pos);
            int stop = end < 0 ? re.length() : end;
            long size = stop - pos;
            pos = end < 0 ? re.length() : end + 2;
            return Math.max(1, size);
        }
        if ("pPxNk".indexOf(c) >= 0 && pos < re.length() && (re.charAt(pos) == '{' || re.charAt(pos) == '<')) {
            int end = re.indexOf(re.charAt(pos) == '{' ? '}' : '>', pos);
            pos = end < 0 ? re.length() : end + 1;
        }
        return 1;
    }

    /** Applies the quantifiers after an atom: {@code * + ?} add one, {@code {n,m}} multiplies by the largest count. */
    private long quantified(long atom) {
        long size = atom;
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                size = add(size, 1);
            } else if (c == '{') {
                long count = count();
                if (count < 0) {
                    return size; // not a quantifier: a literal '{', read as the next atom
                }
                counted = true;
                size = times(size, Math.max(1, count));
            } else {
                return size;
            }
            if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
                pos++; // lazy or possessive
            }
        }
        return size;
    }

    /** At a '{': the largest count of {@code {n}}, {@code {n,}} (n + 1) or {@code {n,m}}; -1 when it is no quantifier. */
    private long count() {
        int i = pos + 1;
        long n = 0;
        int digits = 0;
        while (i < re.length() && Character.isDigit(re.charAt(i))) {
            n = Math.min(CAP, n * 10 + (re.charAt(i++) - '0'));
            digits++;
        }
        if (digits == 0 || i >= re.length()) {
            return -1;
        }
        long largest = n;
        if (re.charAt(i) == ',') {
            i++;
            long m = 0;
            int mDigits = 0;
            while (i < re.length() && Character.isDigit(re.charAt(i))) {
                m = Math.min(CAP, m * 10 + (re.charAt(i++) - '0'));
                mDigits++;
            }
            largest = mDigits == 0 ? n + 1 : Math.max(n, m);
        }
        if (i >= re.length() || re.charAt(i) != '}') {
            return -1;
        }
        pos = i + 1;
        return largest;
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }
}
