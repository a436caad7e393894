package dev.capfence.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The conditions a rule can make. Where an event offers several values (payload strings, paths,
 * tables), a deny or approval rule holds when any of them satisfies the condition, and an allow rule
 * only when every one does (and there is at least one): an extra field can never carry an action past
 * an allow meant for something else.
 */
final class Conditions {

    private Conditions() {
    }

    /** Capability: exact or glob, with prefix semantics ({@code shell.exec} covers {@code shell.exec.production}). */
    static final class CapabilityMatch implements Condition {
        final Glob[] patterns;

        CapabilityMatch(Glob[] patterns) {
            this.patterns = patterns;
        }

        static boolean covers(Glob pattern, String capability) {
            if (capability == null) {
                return false;
            }
            if (pattern.matches(capability)) {
                return true;
            }
            for (int dot = capability.lastIndexOf('.'); dot > 0; dot = capability.lastIndexOf('.', dot - 1)) {
                if (pattern.matches(capability.substring(0, dot))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean test(EventView e) {
            for (Glob g : patterns) {
                if (covers(g, e.event().capability())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "capability " + list(patterns) + " (or a sub-capability)";
        }

        @Override
        public String observed(EventView e) {
            return e.event().capability();
        }

        @Override
        public boolean readsPayload() {
            return false;
        }
    }

    /** A single-valued field of the event matched against globs: actor, tool, environment, tenant … */
    static final class FieldGlob implements Condition {
        private final String name;
        private final Function<EventView, Object> field;
        private final Glob[] globs;
        private final boolean payload;

        FieldGlob(String name, Function<EventView, Object> field, Glob[] globs, boolean payload) {
            this.name = name;
            this.field = field;
            this.globs = globs;
            this.payload = payload;
        }

        @Override
        public boolean test(EventView e) {
            Object v = field.apply(e);
            if (v == null) {
                return false;
            }
            String s = v.toString();
            for (Glob g : globs) {
                if (g.matches(s)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return name + " " + list(globs);
        }

        @Override
        public String observed(EventView e) {
            return String.valueOf(field.apply(e));
        }

        @Override
        public boolean readsPayload() {
            return payload;
        }
    }

    /** A multi-valued payload field matched against globs: {@code table} reads table and tables. */
    static final class ValuesGlob implements Condition {
        private final String name;
        private final Function<EventView, List<String>> values;
        private final GlobSet globs;
        private final boolean all;

        ValuesGlob(String name, Function<EventView, List<String>> values, GlobSet globs, boolean all) {
            this.name = name;
            this.values = values;
            this.globs = globs;
            this.all = all;
        }

        @Override
        public boolean test(EventView e) {
            return Quantifier.holds(values.apply(e), all, globs::matches);
        }

        @Override
        public String describe() {
            return name + " " + globs + (all ? " (every value)" : "");
        }

        @Override
        public String observed(EventView e) {
            return values.apply(e).toString();
        }

        @Override
        public boolean readsPayload() {
            return true;
        }
    }

    /**
     * Substrings of the normalized payload strings ({@code contains}, {@code match_keywords}). With a
     * threshold, the share of distinct keywords found must reach it (upstream's keyword score).
     */
    static final class Keywords implements Condition {
        private final String name;
        private final String[] raw;
        private final String[] needles;
        private final double threshold;
        private final boolean all;

        Keywords(String name, String[] raw, double threshold, boolean all) {
            this.name = name;
            this.raw = raw;
            this.needles = new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                needles[i] = TextNormalizer.fold(raw[i]);
            }
            this.threshold = threshold;
            this.all = all;
        }

        @Override
        public boolean test(EventView e) {
            List<String> texts = e.folded();
            if (texts.isEmpty()) {
                return false;
            }
            if (all) {
                for (String t : texts) {
                    if (firstHit(t) < 0) {
                        return false;
                    }
                }
            }
            if (threshold <= 0) {
                if (all) {
                    return true;
                }
                for (String t : texts) {
                    if (firstHit(t) >= 0) {
                        return true;
                    }
                }
                return false;
            }
            int found = 0;
            for (String needle : needles) {
                for (String t : texts) {
                    if (t.contains(needle)) {
                        found++;
                        break;
                    }
                }
            }
            return found > 0 && (double) found / needles.length >= threshold;
        }

        private int firstHit(String text) {
            for (int i = 0; i < needles.length; i++) {
                if (text.contains(needles[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String describe() {
            String base = "payload text " + name + " " + quoted(raw);
            if (threshold > 0) {
                base += " (share of keywords found >= " + threshold + ")";
            }
            return all ? base + " (every string)" : base;
        }

        @Override
        public String observed(EventView e) {
            List<String> hits = new ArrayList<>();
            for (int i = 0; i < needles.length; i++) {
                for (String t : e.folded()) {
                    if (t.contains(needles[i])) {
                        hits.add(raw[i]);
                        break;
                    }
                }
            }
            return hits.isEmpty() ? "none found in " + e.folded() : "found " + quoted(hits.toArray(new String[0]));
        }

        @Override
        public boolean readsPayload() {
            return true;
        }
    }

    /** Regular expressions found in the normalized payload strings ({@code match_regex}), case-insensitive. */
    static final class Regex implements Condition {
        private final TextPattern[] patterns;
        private final boolean all;

        Regex(TextPattern[] patterns, boolean all) {
            this.patterns = patterns;
            this.all = all;
        }

        @Override
        public boolean test(EventView e) {
            return Quantifier.holds(e.viewed(), all, this::anyPattern);
        }

        private boolean anyPattern(String text) {
            for (TextPattern p : patterns) {
                if (p.find(text)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "payload text matches " + Arrays.toString(patterns) + (all ? " (every string)" : "");
        }

        @Override
        public String observed(EventView e) {
            return e.viewed().toString();
        }

        @Override
        public boolean readsPayload() {
            return true;
        }
    }

    /** Numeric comparison, decimal-exact: {@code amount_gt}, {@code caller_depth_lte} … */
    static final class Compare implements Condition {
        enum Op {
            GT(">"), GTE(">="), LT("<"), LTE("<=");
            final String symbol;

            Op(String symbol) {
                this.symbol = symbol;
            }

            boolean holds(int cmp) {
                switch (this) {
                    case GT: return cmp > 0;
                    case GTE: return cmp >= 0;
                    case LT: return cmp < 0;
                    default: return cmp <= 0;
                }
            }
        }

        private final String name;
        private final Function<EventView, Object> field;
        private final Op op;
        private final BigDecimal bound;
        private final long boundLong;
        private final boolean boundIsLong;
        private final boolean payload;
        private final boolean strict;

        /**
         * @param strict true in allow rules. A value that is present but not a number ("1,000", true) cannot be
         *               shown to be under a threshold, so it satisfies a deny or approval rule and no allow rule.
         */
        Compare(String name, Function<EventView, Object> field, Op op, BigDecimal bound, boolean payload, boolean strict) {
            this.name = name;
            this.field = field;
            this.op = op;
            this.bound = bound;
            BigDecimal stripped = bound.stripTrailingZeros();
            boolean whole = stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0;
            this.boundIsLong = whole;
            this.boundLong = whole ? stripped.longValueExact() : 0;
            this.payload = payload;
            this.strict = strict;
        }

        @Override
        public boolean test(EventView e) {
            Object v = field.apply(e);
            if (v == null) {
                return false;
            }
            if (v instanceof Boolean) {
                return !strict;
            }
            try {
                return op.holds(Numbers.compare(v, bound, boundLong, boundIsLong));
            } catch (Numbers.NotANumber notANumber) {
                return !strict;
            }
        }

        @Override
        public String describe() {
            return name + " " + op.symbol + " " + bound.toPlainString();
        }

        @Override
        public String observed(EventView e) {
            return String.valueOf(field.apply(e));
        }

        @Override
        public boolean readsPayload() {
            return payload;
        }
    }

    /** A structured {@code when} expression. */
    static final class When implements Condition {
        private final WhenExpr expr;

        When(WhenExpr expr) {
            this.expr = expr;
        }

        @Override
        public boolean test(EventView e) {
            return expr.test(e);
        }

        @Override
        public String describe() {
            return "when " + expr.describe();
        }

        @Override
        public String observed(EventView e) {
            return expr.observed(e);
        }

        @Override
        public boolean readsPayload() {
            return expr.readsPayload();
        }
    }

    static String list(Glob[] globs) {
        if (globs.length == 1) {
            return globs[0].pattern();
        }
        return Arrays.toString(globs);
    }

    static String quoted(String[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append('"').append(values[i]).append('"');
        }
        return b.append(']').toString();
    }
}
