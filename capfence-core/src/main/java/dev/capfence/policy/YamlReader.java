package dev.capfence.policy;

import dev.capfence.event.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/** Reads YAML into {@link YamlNode}s with positions; a duplicate key is an error, never a silent override. */
final class YamlReader {

    // the streaming factory alone: a mapper would cost a CLI run a good part of a second to start, for nothing
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final Problems problems;

    YamlReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root node, or null when the text is not valid YAML (the problem is recorded). */
    YamlNode read(String text) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            YamlNode root = readValue(p, t);
            if (p.nextToken() != null) {
                // a second document would otherwise be dropped without a word, and with it any rule it holds
                TokenStreamLocation loc = p.currentTokenLocation();
                problems.add(loc.getLineNr(), loc.getColumnNr(),
                        "a policy file holds one YAML document; found another (--- starts a new one)");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
            int col = loc == null ? 1 : Math.max(1, loc.getColumnNr());
            problems.add(line, col, "invalid YAML: " + firstLine(e.getOriginalMessage()));
            return null;
        }
    }

    private YamlNode readValue(JsonParser p, JsonToken t) {
        TokenStreamLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // the parser hands an alias over as the string of its name: it would stand in for the wrong value
            problems.add(line, col, "YAML aliases (*" + p.getString() + ") are not supported in a policy; write the value out");
            return YamlNode.scalar(null, line, col);
        }
        switch (t) {
            case START_OBJECT: {
                List<YamlNode.Entry> entries = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    TokenStreamLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    YamlNode value = readValue(p, p.nextToken());
                    if (!seen.add(key)) {
                        problems.add(kl.getLineNr(), kl.getColumnNr(), "duplicate key '" + key + "'");
                        continue;
                    }
                    entries.add(new YamlNode.Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
                }
                return YamlNode.mapping(entries, line, col);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(p, next));
                }
                return YamlNode.sequence(items, line, col);
            }
            case VALUE_STRING:
                return YamlNode.scalar(p.getString(), line, col);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return YamlNode.scalar(number(p, line, col), line, col);
            case VALUE_TRUE:
                return YamlNode.scalar(Boolean.TRUE, line, col);
            case VALUE_FALSE:
                return YamlNode.scalar(Boolean.FALSE, line, col);
            case VALUE_NULL:
                return YamlNode.scalar(null, line, col);
            default:
                problems.add(line, col, "unsupported YAML value " + t);
                return YamlNode.scalar(null, line, col);
        }
    }

    /** The exact value; null, with a problem, for a number too long or with too large an exponent to use. */
    private BigDecimal number(JsonParser p, int line, int col) {
        BigDecimal d;
        try {
            d = p.getDecimalValue();
        } catch (RuntimeException e) { // a JacksonException or NumberFormatException for an exponent past int
            d = null;
        }
        if (d == null || !Decimals.inRange(d)) {
            problems.add(line, col, "number " + abbreviated(p.getString()) + " is out of range: at most "
                    + Decimals.MAX_DIGITS + " digits and an exponent within ±" + Decimals.MAX_SCALE);
            return null;
        }
        return d;
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
