package dev.capfence.policy;

import java.util.List;

/**
 * A YAML value that remembers where it was written, so every policy error can name line and column.
 * A scalar holds a String, Number, Boolean or null; a sequence a list of nodes; a mapping its entries.
 */
final class YamlNode {

    /** One key of a mapping, with the key's own position. */
    record Entry(String key, int line, int column, YamlNode value) {
    }

    enum Kind { SCALAR, SEQUENCE, MAPPING }

    final Kind kind;
    final Object scalar;
    final List<YamlNode> items;
    final List<Entry> entries;
    final int line;
    final int column;

    private YamlNode(Kind kind, Object scalar, List<YamlNode> items, List<Entry> entries, int line, int column) {
        this.kind = kind;
        this.scalar = scalar;
        this.items = items;
        this.entries = entries;
        this.line = line;
        this.column = column;
    }

    static YamlNode scalar(Object value, int line, int column) {
        return new YamlNode(Kind.SCALAR, value, List.of(), List.of(), line, column);
    }

    static YamlNode sequence(List<YamlNode> items, int line, int column) {
        return new YamlNode(Kind.SEQUENCE, null, List.copyOf(items), List.of(), line, column);
    }

    static YamlNode mapping(List<Entry> entries, int line, int column) {
        return new YamlNode(Kind.MAPPING, null, List.of(), List.copyOf(entries), line, column);
    }

    boolean isScalar() { return kind == Kind.SCALAR; }
    boolean isSequence() { return kind == Kind.SEQUENCE; }
    boolean isMapping() { return kind == Kind.MAPPING; }

    /** The entry for a key, or null. */
    Entry entry(String key) {
        for (Entry e : entries) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        return null;
    }

    YamlNode get(String key) {
        Entry e = entry(key);
        return e == null ? null : e.value;
    }

    /** Plain Java form: String/Number/Boolean/null, List, LinkedHashMap. */
    Object toPlain() {
        switch (kind) {
            case SCALAR:
                return scalar;
            case SEQUENCE: {
                java.util.List<Object> list = new java.util.ArrayList<>(items.size());
                for (YamlNode n : items) {
                    list.add(n.toPlain());
                }
                return list;
            }
            default: {
                java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (Entry e : entries) {
                    map.put(e.key, e.value.toPlain());
                }
                return map;
            }
        }
    }

    String describeKind() {
        switch (kind) {
            case SEQUENCE: return "a list";
            case MAPPING: return "a mapping";
            default:
                if (scalar == null) return "null";
                if (scalar instanceof String) return "a string";
                if (scalar instanceof Boolean) return "a boolean";
                return "a number";
        }
    }
}
