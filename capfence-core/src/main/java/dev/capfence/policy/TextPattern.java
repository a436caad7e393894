package dev.capfence.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A regular expression that cannot make a decision slow. Patterns run on RE2/J, which is linear-time.
 * The few upstream patterns RE2/J rejects (look-around, back-references) run on the JDK engine over an
 * input that counts every character read: past a budget linear in the input, evaluation fails, and
 * the engine denies with {@code policy_error} rather than hang.
 */
abstract sealed class TextPattern {

    /** Character reads allowed per input character on the fallback engine. */
    private static final int BUDGET_PER_CHAR = 64;
    private static final int BUDGET_BASE = 10_000;

    final String source;
    /** ASCII text every match contains (ignoring case), or null: a text without it is not searched. */
    private final String required;

    private TextPattern(String source, String required) {
        this.source = source;
        this.required = required;
    }

    /**
     * Compiles; throws IllegalArgumentException with a readable message when neither engine accepts it, or when it
     * is over {@link RegexBudget}'s size, measured before either engine sees it.
     */
    static TextPattern compile(String regex, boolean caseInsensitive) {
        String tooLarge = RegexBudget.problem(regex);
        if (tooLarge != null) {
            throw new IllegalArgumentException(tooLarge);
        }
        try {
            Pattern p = Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
            return new Linear(regex, p, AnchoredLiterals.of(regex, caseInsensitive));
        } catch (PatternSyntaxException linearError) {
            try {
                int flags = caseInsensitive ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE : 0;
                return new Budgeted(regex, java.util.regex.Pattern.compile(regex, flags));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription());
            }
        }
    }

    /** True when the pattern occurs anywhere in the text. */
    final boolean find(String text) {
        if (required != null && RequiredLiteral.absent(required, text)) {
            return false; // RE2/J has no literal prefilter of its own when matching ignores case
        }
        return search(text);
    }

    abstract boolean search(String text);

    /** Whether this pattern runs on the linear engine. */
    abstract boolean isLinear();

    @Override
    public String toString() {
        return source;
    }

    private static final class Linear extends TextPattern {
        private final Pattern pattern;
        /** The same answer without the engine for {@code ^(a|b)(\s|$)}-shaped patterns; null for others. */
        private final AnchoredLiterals shortcut;

        Linear(String source, Pattern pattern, AnchoredLiterals shortcut) {
            // a shortcut answers from the text's first characters: scanning it all for a literal first costs more
            super(source, shortcut != null ? null : RequiredLiteral.of(source));
            this.pattern = pattern;
            this.shortcut = shortcut;
        }

        @Override
        boolean search(String text) {
            return shortcut != null ? shortcut.find(text) : pattern.matcher(text).find();
        }

        @Override
        boolean isLinear() {
            return true;
        }
    }

    private static final class Budgeted extends TextPattern {
        private final java.util.regex.Pattern pattern;

        Budgeted(String source, java.util.regex.Pattern pattern) {
            super(source, RequiredLiteral.of(source));
            this.pattern = pattern;
        }

        @Override
        boolean search(String text) {
            long budget = BUDGET_BASE + (long) BUDGET_PER_CHAR * text.length();
            return pattern.matcher(new BudgetedText(text, budget, source)).find();
        }

        @Override
        boolean isLinear() {
            return false;
        }
    }

    /** Counts reads; throws once the budget is spent, which turns a runaway match into a denial. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private final String pattern;
        private final long[] left;

        BudgetedText(String text, long budget, String pattern) {
            this(text, new long[] {budget}, pattern);
        }

        private BudgetedText(String text, long[] left, String pattern) {
            this.text = text;
            this.left = left;
            this.pattern = pattern;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new IllegalStateException("regular expression '" + pattern + "' exceeded its evaluation budget");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedText(text.substring(start, end), left, pattern);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
