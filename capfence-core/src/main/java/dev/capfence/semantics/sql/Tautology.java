package dev.capfence.semantics.sql;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * Decides whether a WHERE condition restricts nothing, so that {@code DELETE FROM t WHERE 1=1}
 * counts as a DELETE without WHERE.
 *
 * <p>Only conditions whose truth follows from the text alone are judged: literals
 * ({@code TRUE}, {@code 1}, {@code 'a'='a'}, {@code 2>1}, {@code NULL IS NULL}), a column compared
 * with itself ({@code id = id}, true on every row where it is not NULL), and {@code NOT}, {@code AND},
 * {@code OR} and parentheses over those ({@code id = 5 OR 1=1}). Anything that needs data or
 * functions ({@code id IS NULL OR id IS NOT NULL}, {@code length('a') = 1}) is not recognised.
 */
final class Tautology {

    private static final int MAX_DEPTH = 200;
    private static final int MAX_OPERANDS = 100_000;

    private Tautology() {
    }

    /** True when there is no WHERE condition or it always holds. */
    static boolean whereMissing(Expression where) {
        return where == null || truth(where, 0) == Boolean.TRUE;
    }

    /** TRUE or FALSE when the text fixes the value, null when it depends on data. */
    private static Boolean truth(Expression e, int depth) {
        if (depth > MAX_DEPTH) {
            return null; // a deliberately deep condition is not worth the stack
        }
        Expression x = unwrap(e);
        if (x instanceof BooleanValue b) {
            return b.getValue();
        }
        if (x instanceof Column c && c.getTable() == null) {
            // JSqlParser may read a bare TRUE or FALSE as a column name.
            String name = c.getColumnName().toLowerCase(Locale.ROOT);
            return name.equals("true") ? Boolean.TRUE : name.equals("false") ? Boolean.FALSE : null;
        }
        if (x instanceof LongValue || x instanceof DoubleValue) {
            BigDecimal n = number(x);
            return n == null ? null : n.signum() != 0; // MySQL: WHERE 1
        }
        if (x instanceof NotExpression not) {
            Boolean v = truth(not.getExpression(), depth + 1);
            return v == null ? null : !v;
        }
        if (x instanceof AndExpression || x instanceof OrExpression) {
            return junction(x, depth);
        }
        if (x instanceof IsNullExpression isNull) {
            Expression operand = unwrap(isNull.getLeftExpression());
            boolean literal = operand instanceof LongValue || operand instanceof DoubleValue
                    || operand instanceof StringValue || operand instanceof BooleanValue;
            if (operand instanceof NullValue) {
                return !isNull.isNot();
            }
            return literal ? isNull.isNot() : null;
        }
        if (x instanceof ComparisonOperator cmp) {
            return compare(cmp);
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

    private static Boolean compare(ComparisonOperator cmp) {
        Expression l = unwrap(cmp.getLeftExpression());
        Expression r = unwrap(cmp.getRightExpression());
        Integer order = null;
        BigDecimal ln = number(l);
        BigDecimal rn = number(r);
        if (ln != null && rn != null) {
            order = ln.compareTo(rn);
        } else if (l instanceof StringValue ls && r instanceof StringValue rs) {
            order = ls.getValue().compareTo(rs.getValue());
        } else if (l instanceof Column lc && r instanceof Column rc
                && lc.getFullyQualifiedName().equalsIgnoreCase(rc.getFullyQualifiedName())) {
            order = 0; // id = id
        }
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

    private static BigDecimal number(Expression e) {
        try {
            if (e instanceof LongValue l) {
                return new BigDecimal(l.getBigIntegerValue());
            }
            if (e instanceof DoubleValue d) {
                return BigDecimal.valueOf(d.getValue());
            }
        } catch (RuntimeException ex) {
            return null; // a literal JSqlParser cannot convert is simply not judged
        }
        return null;
    }

    private static Expression unwrap(Expression e) {
        Expression x = e;
        for (int i = 0; i < MAX_DEPTH && x instanceof ParenthesedExpressionList<?> list && list.size() == 1; i++) {
            x = list.get(0);
        }
        return x;
    }
}
