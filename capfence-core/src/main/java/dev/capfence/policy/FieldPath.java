package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A path into an event: {@code actor}, {@code capability}, {@code payload.a.b}, {@code payload.items[*].amount},
 * {@code payload.items[0]}, {@code context.tenant}. Resolves to every value it reaches.
 */
final class FieldPath {

    static final Set<String> SCALAR_ROOTS =
            Set.of("id", "actor", "tool", "capability", "resource", "action", "environment");

    private static final int ALL = -1;

    private final String text;
    private final String root;
    private final String[] names;
    private final int[] indexes; // per segment: -2 none, ALL for [*], n for [n]

    private FieldPath(String text, String root, String[] names, int[] indexes) {
        this.text = text;
        this.root = root;
        this.names = names;
        this.indexes = indexes;
    }

    /** Parses a path; throws IllegalArgumentException naming what is wrong. */
    static FieldPath parse(String text) {
        String[] parts = text.split("\\.", -1);
        String root = parts[0];
        if (SCALAR_ROOTS.contains(root)) {
            if (parts.length != 1) {
                throw new IllegalArgumentException("'" + root + "' has no fields: write '" + root + "' alone");
            }
            return new FieldPath(text, root, new String[0], new int[0]);
        }
        if (!root.equals("payload") && !root.equals("context")) {
            throw new IllegalArgumentException("unknown field '" + text + "': a path starts with one of "
                    + "actor, tool, capability, resource, action, environment, id, payload., context.");
        }
        if (parts.length < 2) {
            throw new IllegalArgumentException("'" + root + "' needs a field: write '" + root + ".<name>'");
        }
        String[] names = new String[parts.length - 1];
        int[] indexes = new int[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            String seg = parts[i];
            int index = -2;
            int bracket = seg.indexOf('[');
            if (bracket >= 0) {
                if (!seg.endsWith("]")) {
                    throw new IllegalArgumentException("bad index in '" + text + "'");
                }
                String inner = seg.substring(bracket + 1, seg.length() - 1);
                if (inner.equals("*")) {
                    index = ALL;
                } else {
                    try {
                        index = Integer.parseInt(inner);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad index '[" + inner + "]' in '" + text + "': use [*] or [n]");
                    }
                    if (index < 0) {
                        throw new IllegalArgumentException("negative index in '" + text + "'");
                    }
                }
                seg = seg.substring(0, bracket);
            }
            if (seg.isEmpty()) {
                throw new IllegalArgumentException("empty segment in '" + text + "'");
            }
            names[i - 1] = seg;
            indexes[i - 1] = index;
        }
        return new FieldPath(text, root, names, indexes);
    }

    boolean readsPayload() {
        return root.equals("payload");
    }

    /**
     * Stands for an element of a {@code [*]} list that lacks the rest of the path: {@code items[*].amount} over
     * {@code [{amount: 5}, {price: 9000}]} gives {@code 5, MISSING}. It satisfies no operator, so an allow
     * rule ("every item") does not hold, while a deny rule ("any item") still looks at the others.
     */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** Every value the path reaches; empty when it reaches none. Nulls are left out. */
    List<Object> resolve(EventView e) {
        List<Object> out = new ArrayList<>(2);
        Object start;
        switch (root) {
            case "payload": start = e.event().payload(); break;
            case "context": start = e.event().context(); break;
            default: start = e.envelope(root); break;
        }
        walk(start, 0, out, false);
        return out;
    }

    private void walk(Object node, int depth, List<Object> out, boolean inWildcard) {
        if (depth == names.length && node != null) {
            out.add(node);
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            if (inWildcard) {
                out.add(MISSING);
            }
            return;
        }
        Object child = map.get(names[depth]);
        int index = indexes[depth];
        if (index == -2) {
            walk(child, depth + 1, out, inWildcard);
        } else if (child instanceof List<?> list) {
            if (index == ALL) {
                for (Object item : list) {
                    walk(item, depth + 1, out, true);
                }
            } else if (index < list.size()) {
                walk(list.get(index), depth + 1, out, inWildcard);
            } else if (inWildcard) {
                out.add(MISSING);
            }
        } else if (inWildcard) {
            out.add(MISSING);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
