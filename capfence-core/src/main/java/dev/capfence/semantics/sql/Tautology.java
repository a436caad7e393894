package dev.capfence.semantics.sql;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Decides whether a WHERE (or MERGE ON) condition restricts nothing, so that
 * {@code DELETE FROM t WHERE 1=1} counts as a DELETE without WHERE.
 *
 * <p>Only conditions whose truth follows from the text alone are judged:
 * <ul>
 *   <li>constants, folded: {@code TRUE}, {@code 1}, {@code 1+1=2}, {@code 2>1}, {@code -1<0},
 *       {@code 'a'||'b'='ab'}, {@code '1'=1}, {@code NULL IS NULL}, {@code 5 IN (1, 5)},
 *       {@code 2 BETWEEN 1 AND 3}, {@code (1=1) IS TRUE}, {@code TRUE IS NOT FALSE};</li>
 *   <li>a column against itself, true on every row where it is not NULL: {@code id = id},
 *       {@code a >= a}, {@code id IN (id)}, {@code x LIKE x}, and {@code x LIKE '%'};</li>
 *   <li>{@code EXISTS} over a query that does not depend on the row: no WHERE, HAVING, LIMIT, join or
 *       derived table ({@code EXISTS (SELECT 1)}, {@code EXISTS (SELECT 1 FROM t)}: all rows or none);</li>
 *   <li>{@code NOT}, {@code AND}, {@code OR} and parentheses over those ({@code id = 5 OR 1=1}).</li>
 * </ul>
 * Anything that needs data or functions ({@code id IS NULL OR id IS NOT NULL}, {@code length('a') = 1})
 * is not recognised. NULL makes a comparison undecided, never true.
 */
final class Tautology {

    private static final int MAX_DEPTH = 200;
    private static final int MAX_OPERANDS = 100_000;
    /** The value of a NULL literal, distinct from "not known". */
    private static final Object NULL = new Object();

    private Tautology() {
    }

    /** True when there is no WHERE condition or it always holds. */
    static boolean whereMissing(Expression where) {
        return where == null || alwaysTrue(where);
    }

    /** True when the condition holds on every row the text alone can tell about. */
    static boolean alwaysTrue(Expression condition) {
        return truth(condition, 0) == Boolean.TRUE;
    }

    /** TRUE or FALSE when the text fixes the value, null when it depends on data. */
    private static Boolean truth(Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            return null; // a deliberately deep condition is not worth the stack
        }
        Expression x = unwrap(e);
        if (x instanceof NotExpression not) {
            return negate(truth(not.getExpression(), depth + 1));
        }
        if (x instanceof AndExpression || x instanceof OrExpression) {
            return junction(x, depth);
        }
        if (x instanceof IsNullExpression isNull) {
            Object v = value(isNull.getLeftExpression(), depth + 1);
            return v == null ? null : (v == NULL) != isNull.isNot();
        }
        if (x instanceof IsBooleanExpression is) {
            Boolean v = truth(is.getLeftExpression(), depth + 1);
            return v == null ? null : (v == is.isTrue()) != is.isNot();
        }
        if (x instanceof ComparisonOperator cmp) {
            return compare(cmp, depth);
        }
        if (x instanceof InExpression in) {
            return in(in, depth);
        }
        if (x instanceof Between between) {
            return between(between, depth);
        }
        if (x instanceof LikeExpression like) {
            return like(like, depth);
        }
        if (x instanceof ExistsExpression exists) {
            return rowIndependent(exists.getRightExpression()) ? !exists.isNot() : null;
        }
        return asBoolean(value(x, depth + 1));
    }

    private static Boolean negate(Boolean v) {
        return v == null ? null : !v;
    }

    /** A constant used as a condition: booleans, and numbers as MySQL reads them ({@code WHERE 1}). */
    private static Boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigDecimal n) {
            return n.signum() != 0;
        }
        return null;
    }

    /**
     * An AND or OR chain, flattened without recursion so that {@code 1=1 OR a=1 OR a=1 ...} is
     * judged however long it is: OR holds when one operand holds, AND when all do.
     */
    private static Boolean junction(Expression top, int depth) {
        boolean isOr = top instanceof OrExpression;
        List<Expression> operands = new ArrayList<>();
        Deque<Expression> pending = new ArrayDeque<>();
        pending.push(top);
        while (!pending.isEmpty() && operands.size() < MAX_OPERANDS) {
            Expression e = unwrap(pending.pop());
            if (isOr && e instanceof OrExpression or) {
                pending.push(or.getRightExpression());
                pending.push(or.getLeftExpression());
            } else if (!isOr && e instanceof AndExpression and) {
                pending.push(and.getRightExpression());
                pending.push(and.getLeftExpression());
            } else {
                operands.add(e);
            }
        }
        if (!pending.isEmpty()) {
            return null; // too long to judge
        }
        boolean allDecided = true;
        for (Expression operand : operands) {
            Boolean v = truth(operand, depth + 1);
            if (v != null && v == isOr) {
                return v; // TRUE decides an OR, FALSE decides an AND
            }
            allDecided &= v != null;
        }
        return allDecided ? !isOr : null;
    }

    private static Boolean compare(ComparisonOperator cmp, int depth) {
        Integer order = order(cmp.getLeftExpression(), cmp.getRightExpression(), depth);
        if (order == null) {
            return null;
        }
        if (cmp instanceof EqualsTo) {
            return order == 0;
        }
        if (cmp instanceof NotEqualsTo) {
            return order != 0;
        }
        if (cmp instanceof GreaterThan) {
            return order > 0;
        }
        if (cmp instanceof GreaterThanEquals) {
            return order >= 0;
        }
        if (cmp instanceof MinorThan) {
            return order < 0;
        }
        if (cmp instanceof MinorThanEquals) {
            return order <= 0;
        }
        return null;
    }

    /** How {@code a} compares to {@code b} when the text fixes it (the same column, or two constants). */
    private static Integer order(Expression a, Expression b, int depth) {
        Expression l = unwrap(a);
        Expression r = unwrap(b);
        if (sameColumn(l, r)) {
            return 0; // id = id
        }
        Object lv = value(l, depth + 1);
        Object rv = value(r, depth + 1);
        if (lv == null || rv == null || lv == NULL || rv == NULL) {
            return null;
        }
        if (lv instanceof String ls && rv instanceof BigDecimal) {
            lv = number(ls); // '1' = 1: the databases read the literal as a number
        } else if (rv instanceof String rs && lv instanceof BigDecimal) {
            rv = number(rs);
        }
        if (lv instanceof BigDecimal ln && rv instanceof BigDecimal rn) {
            return ln.compareTo(rn);
        }
        if (lv instanceof String ls && rv instanceof String rs) {
            return Integer.signum(ls.compareTo(rs));
        }
        if (lv instanceof Boolean lb && rv instanceof Boolean rb) {
            return Boolean.compare(lb, rb);
        }
        return null;
    }

    private static boolean sameColumn(Expression l, Expression r) {
        return l instanceof Column lc && r instanceof Column rc && !isBooleanName(lc)
                && lc.getFullyQualifiedName().equalsIgnoreCase(rc.getFullyQualifiedName());
    }

    /** {@code 5 IN (1, 5)}, {@code id IN (7, id)}; NOT IN is decided only without NULLs in the list. */
    private static Boolean in(InExpression in, int depth) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list) || list.isEmpty()) {
            return null; // IN (SELECT ...) depends on data
        }
        boolean anyUnknown = false;
        for (Expression item : list) {
            Integer order = order(in.getLeftExpression(), item, depth);
            if (order != null && order == 0) {
                return !in.isNot();
            }
            anyUnknown |= order == null;
        }
        return anyUnknown ? null : in.isNot();
    }

    private static Boolean between(Between b, int depth) {
        Integer low = order(b.getLeftExpression(), b.getBetweenExpressionStart(), depth);
        Integer high = order(b.getLeftExpression(), b.getBetweenExpressionEnd(), depth);
        if (low == null || high == null || b.isUsingSymmetric()) {
            return null;
        }
        return (low >= 0 && high <= 0) != b.isNot();
    }

    /**
     * {@code x LIKE '%'} and {@code x LIKE x} hold on every row where x is not NULL; so does a
     * SIMILAR TO made only of {@code %}. Regular-expression forms (RLIKE, REGEXP) are not judged.
     */
    private static Boolean like(LikeExpression like, int depth) {
        LikeExpression.KeyWord kw = like.getLikeKeyWord();
        boolean wildcard = kw == null || kw == LikeExpression.KeyWord.LIKE || kw == LikeExpression.KeyWord.ILIKE
                || kw == LikeExpression.KeyWord.SIMILAR_TO;
        if (!wildcard) {
            return null;
        }
        Expression l = unwrap(like.getLeftExpression());
        Expression r = unwrap(like.getRightExpression());
        boolean always = value(r, depth + 1) instanceof String pattern && !pattern.isEmpty()
                && pattern.chars().allMatch(ch -> ch == '%');
        if (always || (like.getEscape() == null && sameColumn(l, r))) {
            return !like.isNot();
        }
        return null;
    }

    /**
     * A query whose result cannot depend on the outer row: a plain SELECT with no WHERE, HAVING,
     * LIMIT/OFFSET/FETCH/TOP, join or derived table, or VALUES. EXISTS over it is the same for
     * every row: all rows are touched or none.
     */
    private static boolean rowIndependent(Expression subquery) {
        Select select = subquery instanceof ParenthesedSelect p ? p.getSelect() : null;
        if (select instanceof Values) {
            return true;
        }
        if (!(select instanceof PlainSelect p) || p.getWithItemsList() != null) {
            return false;
        }
        return p.getWhere() == null && p.getHaving() == null && p.getLimit() == null && p.getOffset() == null
                && p.getFetch() == null && p.getTop() == null && p.getLimitBy() == null
                && (p.getJoins() == null || p.getJoins().isEmpty())
                && (p.getFromItem() == null || p.getFromItem() instanceof Table)
                && p.getQualify() == null;
    }

    /** The constant an expression stands for (BigDecimal, String, Boolean or {@link #NULL}), else null. */
    private static Object value(Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        Expression x = unwrap(e);
        if (x instanceof LongValue || x instanceof DoubleValue) {
            return literalNumber(x);
        }
        if (x instanceof StringValue s) {
            return s.getValue();
        }
        if (x instanceof BooleanValue b) {
            return b.getValue();
        }
        if (x instanceof NullValue) {
            return NULL;
        }
        if (x instanceof Column c && c.getTable() == null && isBooleanName(c)) {
            // JSqlParser may read a bare TRUE or FALSE as a column name.
            return c.getColumnName().equalsIgnoreCase("true");
        }
        if (x instanceof SignedExpression s) {
            Object v = value(s.getExpression(), depth + 1);
            if (!(v instanceof BigDecimal n)) {
                return null;
            }
            return s.getSign() == '-' ? n.negate() : s.getSign() == '+' ? n : null;
        }
        if (x instanceof Concat c) {
            Object l = value(c.getLeftExpression(), depth + 1);
            Object r = value(c.getRightExpression(), depth + 1);
            return l instanceof String ls && r instanceof String rs ? ls + rs : null;
        }
        if (x instanceof BinaryExpression b) {
            return arithmetic(b, depth);
        }
        if (x instanceof ComparisonOperator || x instanceof AndExpression || x instanceof OrExpression
                || x instanceof NotExpression || x instanceof IsBooleanExpression || x instanceof IsNullExpression
                || x instanceof InExpression || x instanceof Between || x instanceof LikeExpression) {
            return truth(x, depth + 1); // (1=1) = TRUE
        }
        return null;
    }

    /** {@code + - * / %} over numbers; a division is folded only when exact, as databases differ on the rest. */
    private static BigDecimal arithmetic(BinaryExpression b, int depth) {
        if (!(b instanceof Addition || b instanceof Subtraction || b instanceof Multiplication
                || b instanceof Division || b instanceof Modulo)) {
            return null;
        }
        if (!(value(b.getLeftExpression(), depth + 1) instanceof BigDecimal l)
                || !(value(b.getRightExpression(), depth + 1) instanceof BigDecimal r)) {
            return null;
        }
        if (l.precision() > 1000 || r.precision() > 1000) {
            return null; // not worth the arithmetic
        }
        if (b instanceof Addition) {
            return l.add(r);
        }
        if (b instanceof Subtraction) {
            return l.subtract(r);
        }
        if (b instanceof Multiplication) {
            return l.multiply(r);
        }
        if (r.signum() == 0) {
            return null;
        }
        if (b instanceof Modulo) {
            return l.remainder(r);
        }
        BigDecimal[] qr = l.divideAndRemainder(r);
        return qr[1].signum() == 0 ? qr[0] : null;
    }

    private static boolean isBooleanName(Column c) {
        String name = c.getColumnName().toLowerCase(Locale.ROOT);
        return c.getTable() == null && (name.equals("true") || name.equals("false"));
    }

    private static BigDecimal literalNumber(Expression e) {
        try {
            if (e instanceof LongValue l) {
                return new BigDecimal(l.getBigIntegerValue());
            }
            if (e instanceof DoubleValue d) {
                return new BigDecimal(d.toString());
            }
        } catch (RuntimeException ex) {
            return null; // a literal JSqlParser cannot convert is simply not judged
        }
        return null;
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Expression unwrap(Expression e) {
        Expression x = e;
        for (int i = 0; i < MAX_DEPTH && x instanceof ParenthesedExpressionList<?> list && list.size() == 1; i++) {
            x = list.get(0);
        }
        return x;
    }
}
