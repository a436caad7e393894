package dev.capfence.policy;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys a rule may have, one entry each: unknown-key detection, "did you mean" and compilation all read this
 * table. Entries run in table order, which is also the order of a rule's conditions among those of equal cost
 * (and so the order {@code explain} lists them in).
 */
final class RuleKeys {

    /** What a key compiles into, which also says when it is read. */
    enum Part {
        /** The rule's id, text or mode: read even when the rule's decision is unknown, so their problems show. */
        RULE,
        /** The capability the rule applies to. */
        CAPABILITY,
        /** A condition on the event. */
        CONDITION,
        /** A setting of another key's condition. */
        SETTING,
        /** Payloads checked against the compiled rule at load. */
        EXAMPLES
    }

    /** Compiles one key's value into the rule being built. */
    @FunctionalInterface
    interface KeyCompiler {
        void compile(Draft d, YamlNode value);
    }

    /**
     * One rule key.
     *
     * @param upstream whether upstream CapFence's format has it (the rest are this project's own)
     */
    record Key(String name, Part part, boolean upstream, KeyCompiler compiler) {
    }

    /** A rule being compiled: what its keys have produced so far. */
    static final class Draft {
        final YamlNode node;
        final boolean strict;
        final Problems p;
        final SemanticCompiler semantic;
        String id;
        String description;
        String reason;
        PolicyMode mode;
        Conditions.CapabilityMatch capability;
        final List<Condition> conditions = new ArrayList<>();
        double keywordShare;
        Rule rule;

        Draft(YamlNode node, Decision decision, PolicyMode mode, SemanticCompiler.Settings settings, Problems p) {
            this.node = node;
            this.strict = decision == Decision.ALLOW;
            this.mode = mode;
            this.p = p;
            this.semantic = new SemanticCompiler(settings, p);
        }

        void add(Condition c) {
            if (c != null) {
                conditions.add(c);
            }
        }
    }

    /** From the context only: a risk level the model could write into its own arguments decides nothing. */
    private static final Function<EventView, Object> RISK_LEVEL = v -> v.context("risk_level");

    static final List<Key> ALL;
    static final List<String> NAMES;
    private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();

    static {
        List<Key> keys = new ArrayList<>();
        keys.add(new Key("id", Part.RULE, true, (d, v) -> d.id = PolicyCompiler.optionalString(d.node, "id", d.p)));
        keys.add(new Key("description", Part.RULE, true,
                (d, v) -> d.description = PolicyCompiler.optionalString(d.node, "description", d.p)));
        keys.add(new Key("reason", Part.RULE, false,
                (d, v) -> d.reason = PolicyCompiler.optionalString(d.node, "reason", d.p)));
        keys.add(new Key("mode", Part.RULE, false, (d, v) -> d.mode = PolicyCompiler.modeValue(v, d.p)));
        keys.add(new Key("capability", Part.CAPABILITY, true,
                (d, v) -> d.capability = new Conditions.CapabilityMatch(globs(v, "capability", true, d.p))));
        // identities match exactly; names an agent writes (tools, environments) ignore case
        keys.add(field("actor", false, false, v -> v.event().actor()));
        keys.add(field("tenant", false, false, v -> v.context("tenant")));
        keys.add(field("user_role", false, false, v -> v.context("user_role")));
        keys.add(field("tool", false, true, v -> v.event().tool()));
        keys.add(field("environment", true, true, v -> v.event().environment()));
        keys.add(field("risk_level", true, true, RISK_LEVEL));
        keys.add(new Key("tool_name", Part.CONDITION, true, (d, v) -> d.add(new Conditions.ValuesGlob("tool_name",
                RuleKeys::toolNames, GlobSet.of(globs(v, "tool_name", true, d.p)), d.strict))));
        keys.add(new Key("table", Part.CONDITION, true, (d, v) -> d.add(new Conditions.ValuesGlob("table",
                RuleKeys::tables, GlobSet.of(globs(v, "table", true, d.p)), d.strict))));
        for (Conditions.Compare.Op op : Conditions.Compare.Op.values()) {
            String suffix = op.name().toLowerCase(Locale.ROOT);
            keys.add(compare("amount_" + suffix, "amount", v -> v.payload("amount"), op, true));
            keys.add(compare("caller_depth_" + suffix, "caller_depth", v -> v.context("caller_depth"), op, false));
        }
        keys.add(new Key("path_prefix", Part.CONDITION, true, (d, v) -> d.add(d.semantic.pathPrefix(v, d.strict))));
        keys.add(new Key("command", Part.CONDITION, false, (d, v) -> d.add(d.semantic.command(v, d.strict))));
        keys.add(new Key("sql", Part.CONDITION, false, (d, v) -> d.add(d.semantic.sql(v, d.strict))));
        keys.add(new Key("path", Part.CONDITION, false, (d, v) -> d.add(d.semantic.path(v, d.strict))));
        keys.add(new Key("url", Part.CONDITION, false, (d, v) -> d.add(d.semantic.url(v, d.strict))));
        keys.add(new Key("contains", Part.CONDITION, true, (d, v) ->
                d.add(new Conditions.Keywords("contains", strings(v, "contains", d.p), 0, d.strict))));
        keys.add(new Key("threshold", Part.SETTING, true, RuleKeys::threshold));
        keys.add(new Key("match_keywords", Part.CONDITION, true, (d, v) -> d.add(new Conditions.Keywords(
                "match_keywords", strings(v, "match_keywords", d.p), d.keywordShare, d.strict))));
        keys.add(new Key("match_regex", Part.CONDITION, true, RuleKeys::regex));
        keys.add(new Key("when", Part.CONDITION, false, (d, v) -> {
            WhenExpr expr = WhenCompiler.compile(v, d.strict, d.p);
            if (expr != null) {
                d.add(new Conditions.When(expr));
            }
        }));
        keys.add(new Key("examples", Part.EXAMPLES, false, RuleKeys::checkExamples));
        ALL = List.copyOf(keys);
        List<String> names = new ArrayList<>();
        for (Key k : ALL) {
            names.add(k.name());
            if (BY_NAME.put(k.name(), k) != null) {
                throw new IllegalStateException("rule key " + k.name() + " is in the table twice");
            }
        }
        NAMES = List.copyOf(names);
    }

    private RuleKeys() {
    }

    /** The entry for a key, or null when a rule has no such key. */
    static Key named(String key) {
        return BY_NAME.get(key);
    }

    private static Key field(String key, boolean upstream, boolean ignoreCase, Function<EventView, Object> field) {
        return new Key(key, Part.CONDITION, upstream, (d, v) ->
                d.add(new Conditions.FieldGlob(key, field, globs(v, key, ignoreCase, d.p), false)));
    }

    private static Key compare(String key, String name, Function<EventView, Object> field, Conditions.Compare.Op op,
                               boolean payload) {
        return new Key(key, Part.CONDITION, true, (d, v) -> {
            if (!(v.scalar instanceof BigDecimal bound)) {
                d.p.add(v, key + " must be a number; found " + v.describeKind());
                return;
            }
            d.add(new Conditions.Compare(name, field, op, bound, payload, d.strict));
        });
    }

    private static void threshold(Draft d, YamlNode v) {
        if (!(v.scalar instanceof BigDecimal t) || t.signum() < 0 || t.compareTo(BigDecimal.ONE) > 0) {
            d.p.add(v, "threshold must be a number from 0 to 1 (the share of keywords that must be found)");
        } else if (d.node.get("match_keywords") == null) {
            d.p.add(v, "threshold applies to match_keywords, which this rule does not have");
        } else {
            d.keywordShare = t.doubleValue();
        }
    }

    private static void regex(Draft d, YamlNode v) {
        List<TextPattern> patterns = new ArrayList<>();
        for (YamlNode item : PolicyCompiler.stringItems(v, "match_regex", d.p)) {
            if (((String) item.scalar).isEmpty()) {
                d.p.add(item, "match_regex has an empty pattern, which matches every text");
                continue;
            }
            try {
                patterns.add(TextPattern.compile((String) item.scalar, true));
            } catch (IllegalArgumentException e) {
                d.p.add(item, "bad regex: " + e.getMessage());
            }
        }
        d.add(new Conditions.Regex(patterns.toArray(new TextPattern[0]), d.strict));
    }

    /** Examples written in a rule: payloads (or {event: …}) it must match, and ones it must not. */
    private static void checkExamples(Draft d, YamlNode examples) {
        Problems p = d.p;
        if (!examples.isMapping()) {
            p.add(examples, "examples must be a mapping with match and/or not_match lists");
            return;
        }
        for (YamlNode.Entry e : examples.entries) {
            boolean expected;
            if (e.key().equals("match")) {
                expected = true;
            } else if (e.key().equals("not_match")) {
                expected = false;
            } else {
                p.add(e, "unknown examples key '" + e.key() + "'; use match and not_match");
                continue;
            }
            if (!e.value().isSequence()) {
                p.add(e.value(), e.key() + " must be a list of example payloads");
                continue;
            }
            for (YamlNode ex : e.value().items) {
                checkExample(d.rule, ex, expected, p);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkExample(Rule rule, YamlNode ex, boolean expected, Problems p) {
        if (!ex.isMapping()) {
            p.add(ex, "an example is a payload mapping, or {event: {...}} for a whole event");
            return;
        }
        Map<String, Object> plain = (Map<String, Object>) ex.toPlain();
        boolean wholeEvent = plain.size() == 1 && plain.get("event") instanceof Map;
        boolean matched;
        try {
            if (wholeEvent) {
                Map<String, Object> json = new LinkedHashMap<>((Map<String, Object>) plain.get("event"));
                json.putIfAbsent("actor", "example");
                ActionEvent event = ActionEventJson.fromMap(json);
                EventView view = new EventView(event);
                matched = (rule.capability == null || event.capability() == null || rule.capability.test(view))
                        && rule.conditionsHold(view);
            } else {
                ActionEvent event = ActionEvent.builder().actor("example").capability("example").payload(plain).build();
                matched = rule.payloadConditionsHold(new EventView(event));
            }
        } catch (InvalidEventException | IllegalStateException e) {
            p.add(ex, "example cannot be evaluated: " + e.getMessage());
            return;
        }
        if (matched != expected) {
            p.add(ex, "rule '" + rule.id + "' " + (expected ? "does not match its example " : "matches its not_match example ")
                    + WhenExpr.render(plain));
        }
    }

    /**
     * The tool an action names: the event's tool and the payload's {@code tool_name}. Both must satisfy an
     * allow rule, so a model-written argument cannot borrow the allow of another tool.
     */
    private static List<String> toolNames(EventView v) {
        List<String> out = new ArrayList<>(2);
        Object named = v.payload("tool_name");
        if (named instanceof String s) {
            out.add(s);
        }
        if (v.event().tool() != null) {
            out.add(v.event().tool());
        }
        return out;
    }

    /** The tables under {@code table} and {@code tables}, each a name or a list of names. */
    private static List<String> tables(EventView v) {
        List<String> out = new ArrayList<>(1);
        addTables(v.payload("table"), out);
        addTables(v.payload("tables"), out);
        return out;
    }

    private static void addTables(Object value, List<String> out) {
        if (value instanceof List<?> list) {
            for (Object t : list) {
                if (t != null) {
                    out.add(t.toString());
                }
            }
        } else if (value != null && !(value instanceof Map)) {
            out.add(value.toString());
        }
    }

    private static Glob[] globs(YamlNode node, String key, boolean ignoreCase, Problems p) {
        List<Glob> out = new ArrayList<>();
        for (YamlNode item : PolicyCompiler.stringItems(node, key, p)) {
            String s = (String) item.scalar;
            String bad = PolicyCompiler.globProblem(s);
            if (bad != null) {
                p.add(item, "bad glob '" + s + "' in " + key + ": " + bad);
            } else {
                out.add(ignoreCase ? Glob.ignoringCase(s) : Glob.of(s));
            }
        }
        return out.toArray(new Glob[0]);
    }

    /** Non-empty texts: an empty text is contained in every string and would match (or allow) everything. */
    private static String[] strings(YamlNode node, String key, Problems p) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : PolicyCompiler.stringItems(node, key, p)) {
            String s = (String) item.scalar;
            if (s.isEmpty()) {
                p.add(item, key + " has an empty string, which every text contains");
            } else {
                out.add(s);
            }
        }
        return out.toArray(new String[0]);
    }
}
