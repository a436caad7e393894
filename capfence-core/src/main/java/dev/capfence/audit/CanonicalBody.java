package dev.capfence.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record's type-specific fields in canonical form (RFC 8785), split into their top-level members. Made in the
 * caller's thread, so the single writer of a chain only merges the chain fields ({@code v, seq, ts, type,
 * prev_hash}) in by key order — the same text {@link Canonical#of} gives for the whole record, without
 * canonicalizing it again while every other writer waits.
 */
final class CanonicalBody {

    static final Set<String> CHAIN_FIELDS = Set.of("v", "seq", "ts", "type", "prev_hash");

    private final List<String> keys;    // sorted as RFC 8785 sorts them: by UTF-16 code units
    private final List<String> members; // "key":value, canonical

    private CanonicalBody(List<String> keys, List<String> members) {
        this.keys = keys;
        this.members = members;
    }

    /** Canonicalizes a body; its keys must not be chain fields, which the chain sets. */
    static CanonicalBody of(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (CHAIN_FIELDS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is a chain field, set by the chain only");
            }
        }
        String text = Canonical.of(body);
        List<String> keys = new ArrayList<>();
        List<String> members = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        int start = 1;
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                add(text.substring(start, i), keys, members);
                start = i + 1;
            }
        }
        if (text.length() > 2) {
            add(text.substring(start, text.length() - 1), keys, members);
        }
        return new CanonicalBody(keys, members);
    }

    private static void add(String member, List<String> keys, List<String> members) {
        String key = member.substring(1, member.indexOf("\":"));
        if (key.indexOf('\\') >= 0) { // an escaped key would sort by its unescaped text: never one of ours
            throw new IllegalArgumentException("a record field name needs escaping: " + key);
        }
        keys.add(key);
        members.add(member);
    }

    /** The whole record's canonical text: these members and the chain fields, in key order. */
    String withChainFields(long seq, String ts, String type, String prevHash) {
        String[][] chain = {
                {"prev_hash", string(prevHash)},
                {"seq", Long.toString(seq)},
                {"ts", string(ts)},
                {"type", string(type)},
                {"v", Integer.toString(Chain.VERSION)}};
        StringBuilder out = new StringBuilder(256 + members.stream().mapToInt(String::length).sum()).append('{');
        int b = 0;
        for (String[] field : chain) {
            while (b < keys.size() && keys.get(b).compareTo(field[0]) < 0) {
                member(out, members.get(b++));
            }
            member(out, "\"" + field[0] + "\":" + field[1]);
        }
        while (b < keys.size()) {
            member(out, members.get(b++));
        }
        return out.append('}').toString();
    }

    private static void member(StringBuilder out, String member) {
        if (out.length() > 1) {
            out.append(',');
        }
        out.append(member);
    }

    /** A string the chain sets (a hash, an instant, a type name) needs no escaping; anything else goes the long way. */
    private static String string(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return Canonical.of(value);
            }
        }
        return "\"" + value + "\"";
    }
}
