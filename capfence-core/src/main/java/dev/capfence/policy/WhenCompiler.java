package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;

/** Compiles a {@code when} block; every bad path, operator or operand is a located problem. */
final class WhenCompiler {

    private WhenCompiler() {
    }

    /**
     * @param every whether multi-valued paths must hold for every value (allow rules); flips under {@code not}
     * @return the expression, or null when it had problems (already recorded)
     */
    static WhenExpr compile(YamlNode node, boolean every, Problems p) {
        int before = p.size();
        WhenExpr expr = block(node, every, p);
        return p.size() == before ? expr : null;
    }

    /** A mapping: each key a field path or all/any/not; all of them must hold. */
    private static WhenExpr block(YamlNode node, boolean every, Problems p) {
        if (!node.isMapping() || node.entries.isEmpty()) {
            p.add(node, "when takes a non-empty mapping of field paths to operators (and all/any/not)");
            return null;
        }
        List<WhenExpr> parts = new ArrayList<>();
        for (YamlNode.Entry e : node.entries) {
            switch (e.key()) {
                case "all":
                    parts.add(WhenExpr.Combination.all(list(e, every, p)));
                    break;
                case "any":
                    parts.add(WhenExpr.Combination.any(list(e, every, p)));
                    break;
                case "not":
                    parts.add(new WhenExpr.Not(block(e.value(), !every, p)));
                    break;
                default:
                    field(e, every, parts, p);
                    break;
            }
        }
        return parts.size() == 1 ? parts.get(0) : WhenExpr.Combination.all(parts);
    }

    private static List<WhenExpr> list(YamlNode.Entry e, boolean every, Problems p) {
        List<WhenExpr> out = new ArrayList<>();
        if (!e.value().isSequence() || e.value().items.isEmpty()) {
            p.add(e, e.key() + " takes a non-empty list of conditions");
            return out;
        }
        for (YamlNode item : e.value().items) {
            out.add(block(item, every, p));
        }
        return out;
    }

    private static void field(YamlNode.Entry e, boolean every, List<WhenExpr> out, Problems p) {
        FieldPath path;
        try {
            path = FieldPath.parse(e.key());
        } catch (IllegalArgumentException ex) {
            p.add(e, ex.getMessage());
            return;
        }
        YamlNode v = e.value();
        if (!v.isMapping()) {
            // shorthand: a value means eq, a list means in
            leaf(path, v.isSequence() ? WhenExpr.Operator.IN : WhenExpr.Operator.EQ, v, every, out, p);
            return;
        }
        if (v.entries.isEmpty()) {
            p.add(v, "no operator for " + e.key() + "; use one of " + WhenExpr.Operator.names());
        }
        for (YamlNode.Entry opEntry : v.entries) {
            WhenExpr.Operator op = WhenExpr.Operator.of(opEntry.key());
            if (op == null) {
                p.add(opEntry, "unknown operator '" + opEntry.key() + "'"
                        + PolicyCompiler.suggest(opEntry.key(), operatorNames()) + "; use one of " + WhenExpr.Operator.names());
                continue;
            }
            leaf(path, op, opEntry.value(), every, out, p);
        }
    }

    private static void leaf(FieldPath path, WhenExpr.Operator op, YamlNode operand, boolean every,
                             List<WhenExpr> out, Problems p) {
        try {
            out.add(new WhenExpr.Leaf(path, op, operand.toPlain(), every));
        } catch (IllegalArgumentException ex) {
            p.add(operand, path + ": " + ex.getMessage());
        }
    }

    private static List<String> operatorNames() {
        List<String> names = new ArrayList<>();
        for (WhenExpr.Operator o : WhenExpr.Operator.values()) {
            names.add(o.wireName);
        }
        return names;
    }
}
