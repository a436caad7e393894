package dev.capfence.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The structured {@code when} language: field paths with operators, combined by {@code all},
 * {@code any} and {@code not}. A path that reaches several values ({@code items[*]}) holds for any of them
 * in a deny or approval rule and for every one in an allow rule; under {@code not} that flips, so a
 * {@code not} in an allow rule is never easier to satisfy than the rule's author meant.
 */
sealed interface WhenExpr permits WhenExpr.Combination, WhenExpr.Not, WhenExpr.Leaf {

    boolean test(EventView e);

    String describe();

    String observed(EventView e);

    boolean readsPayload();

    /** {@code all} or {@code any} over several parts: the same parts, a different way to combine them. */
    static final class Combination implements WhenExpr {
        private final boolean all;
        private final List<WhenExpr> parts;

        private Combination(boolean all, List<WhenExpr> parts) {
            this.all = all;
            this.parts = List.copyOf(parts);
        }

        static Combination all(List<WhenExpr> parts) {
            return new Combination(true, parts);
        }

        static Combination any(List<WhenExpr> parts) {
            return new Combination(false, parts);
        }

        @Override
        public boolean test(EventView e) {
            for (WhenExpr p : parts) {
                if (p.test(e) != all) {
                    return !all; // all: the first miss decides; any: the first hit decides
                }
            }
            return all;
        }

        @Override
        public String describe() {
            if (all && parts.size() == 1) {
                return parts.get(0).describe();
            }
            return (all ? "all(" : "any(") + join(parts) + ")";
        }

        @Override
        public String observed(EventView e) {
            return observedAll(parts, e);
        }

        @Override
        public boolean readsPayload() {
            return parts.stream().anyMatch(WhenExpr::readsPayload);
        }
    }

    static final class Not implements WhenExpr {
        private final WhenExpr inner;

        Not(WhenExpr inner) {
            this.inner = inner;
        }

        @Override
        public boolean test(EventView e) {
            return !inner.test(e);
        }

        @Override
        public String describe() {
            return "not(" + inner.describe() + ")";
        }

        @Override
        public String observed(EventView e) {
            return inner.observed(e);
        }

        @Override
        public boolean readsPayload() {
            return inner.readsPayload();
        }
    }

    /** One field path tested by one operator. */
    static final class Leaf implements WhenExpr {
        private final FieldPath path;
        private final Operator op;
        private final Object operand;
        private final Object compiled;
        private final boolean every;

        Leaf(FieldPath path, Operator op, Object operand, boolean every) {
            this.path = path;
            this.op = op;
            this.operand = operand;
            this.compiled = op.compile(operand);
            this.every = every;
        }

        @Override
        public boolean test(EventView e) {
            List<Object> values = path.resolve(e);
            if (op == Operator.EXISTS || op == Operator.EMPTY) {
                values.removeIf(v -> v == FieldPath.MISSING);
            }
            if (op == Operator.EXISTS) {
                return !values.isEmpty() == (Boolean) compiled;
            }
            if (op == Operator.EMPTY) {
                boolean empty = values.isEmpty() || values.stream().allMatch(Leaf::isEmptyValue);
                return empty == (Boolean) compiled;
            }
            return Quantifier.holds(values, every, this::holdsFor);
        }

        private boolean holdsFor(Object v) {
            if (v == FieldPath.MISSING) {
                return false; // an element without the field satisfies nothing
            }
            // a value that is not a number cannot be shown to be under a bound: it counts against the action
            return op.isOrdering() && Operator.notANumber(v) ? !every : op.test(v, compiled);
        }

        private static boolean isEmptyValue(Object v) {
            return v == null || (v instanceof String s && s.isEmpty()) || (v instanceof List<?> l && l.isEmpty())
                    || (v instanceof Map<?, ?> m && m.isEmpty());
        }

        @Override
        public String describe() {
            return path + " " + op.wireName + " " + render(operand) + (every ? " (every value)" : "");
        }

        @Override
        public String observed(EventView e) {
            return path + " = " + render(path.resolve(e));
        }

        @Override
        public boolean readsPayload() {
            return path.readsPayload();
        }
    }

    /** The operators of {@code when}. Each compiles its operand once, at load. */
    enum Operator {
        EQ("eq"), NE("ne"), IN("in"), NOT_IN("not_in"),
        GT("gt"), GTE("gte"), LT("lt"), LTE("lte"),
        CONTAINS("contains"), STARTS_WITH("starts_with"), ENDS_WITH("ends_with"),
        GLOB("glob"), MATCHES("matches"), EXISTS("exists"), EMPTY("empty");

        final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }

        static Operator of(String name) {
            for (Operator o : values()) {
                if (o.wireName.equals(name)) {
                    return o;
                }
            }
            return null;
        }

        static String names() {
            List<String> names = new ArrayList<>();
            for (Operator o : values()) {
                names.add(o.wireName);
            }
            return String.join(", ", names);
        }

        boolean isOrdering() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }

        static boolean notANumber(Object v) {
            return v instanceof Boolean || Numbers.toDecimal(v) == null;
        }

        /** Checks and precompiles the operand; IllegalArgumentException says what is wrong with it. */
        Object compile(Object operand) {
            switch (this) {
                case EQ:
                case NE:
                    return scalar(operand);
                case IN:
                case NOT_IN: {
                    if (!(operand instanceof List<?> list)) {
                        throw new IllegalArgumentException(wireName + " takes a list");
                    }
                    List<Object> out = new ArrayList<>();
                    for (Object o : list) {
                        out.add(scalar(o));
                    }
                    return out;
                }
                case GT:
                case GTE:
                case LT:
                case LTE: {
                    BigDecimal d = Numbers.toDecimal(operand);
                    if (d == null || operand instanceof String) {
                        throw new IllegalArgumentException(wireName + " takes a number");
                    }
                    return d;
                }
                case CONTAINS:
                case STARTS_WITH:
                case ENDS_WITH:
                    return TextNormalizer.fold(text(operand));
                case GLOB: {
                    String glob = text(operand);
                    String bad = PolicyCompiler.globProblem(glob);
                    if (bad != null) {
                        throw new IllegalArgumentException("bad glob '" + glob + "': " + bad);
                    }
                    return Glob.of(glob);
                }
                case MATCHES:
                    return TextPattern.compile(text(operand), false);
                default:
                    if (!(operand instanceof Boolean)) {
                        throw new IllegalArgumentException(wireName + " takes true or false");
                    }
                    return operand;
            }
        }

        private String text(Object operand) {
            if (!(operand instanceof String s)) {
                throw new IllegalArgumentException(wireName + " takes a string");
            }
            return s;
        }

        private Object scalar(Object operand) {
            if (operand instanceof List || operand instanceof Map) {
                throw new IllegalArgumentException(wireName + " takes a single value");
            }
            return operand;
        }

        boolean test(Object value, Object compiled) {
            switch (this) {
                case EQ: return equal(value, compiled);
                case NE: return !equal(value, compiled);
                case IN: return inList(value, (List<?>) compiled);
                case NOT_IN: return !inList(value, (List<?>) compiled);
                case GT:
                case GTE:
                case LT:
                case LTE:
                    return ordered(value, compiled);
                case CONTAINS:
                    if (value instanceof List<?> list) {
                        for (Object item : list) {
                            if (item instanceof String s && TextNormalizer.fold(s).equals(compiled)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    return value instanceof String s && TextNormalizer.fold(s).contains((String) compiled);
                case STARTS_WITH:
                    return value instanceof String s && TextNormalizer.fold(s).startsWith((String) compiled);
                case ENDS_WITH:
                    return value instanceof String s && TextNormalizer.fold(s).endsWith((String) compiled);
                case GLOB:
                    return value instanceof String s && ((Glob) compiled).matches(TextNormalizer.view(s));
                case MATCHES:
                    return value instanceof String s && ((TextPattern) compiled).find(TextNormalizer.view(s));
                default:
                    throw new IllegalStateException(wireName);
            }
        }

        /** Decimal comparison; a value that is not a number satisfies no ordering. */
        private boolean ordered(Object value, Object bound) {
            BigDecimal d = value instanceof Boolean ? null : Numbers.toDecimal(value);
            if (d == null) {
                return false;
            }
            int c = d.compareTo((BigDecimal) bound);
            switch (this) {
                case GT: return c > 0;
                case GTE: return c >= 0;
                case LT: return c < 0;
                default: return c <= 0;
            }
        }

        private static boolean inList(Object value, List<?> list) {
            for (Object o : list) {
                if (equal(value, o)) {
                    return true;
                }
            }
            return false;
        }

        /** Numbers compare by value (1 equals 1.0), everything else by its text. */
        private static boolean equal(Object value, Object operand) {
            if (value == null || operand == null) {
                return value == operand;
            }
            if (operand instanceof BigDecimal d) {
                BigDecimal v = value instanceof Boolean ? null : Numbers.toDecimal(value);
                return v != null && v.compareTo(d) == 0;
            }
            if (operand instanceof Boolean) {
                return operand.equals(value) || operand.toString().equals(value);
            }
            return !(value instanceof Map) && !(value instanceof List) && operand.toString().equals(value.toString());
        }
    }

    static String render(Object o) {
        if (o instanceof String s) {
            return '"' + s + '"';
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(render(x));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(o);
    }

    private static String join(List<WhenExpr> parts) {
        List<String> s = new ArrayList<>();
        for (WhenExpr p : parts) {
            s.add(p.describe());
        }
        return String.join(", ", s);
    }

    private static String observedAll(List<WhenExpr> parts, EventView e) {
        List<String> s = new ArrayList<>();
        for (WhenExpr p : parts) {
            s.add(p.observed(e));
        }
        return String.join("; ", s);
    }
}
