package dev.capfence.policy;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import dev.capfence.event.InvalidEventException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns policy YAML into a {@link Policy}: validates every key (an unknown key is an error, never ignored),
 * resolves {@code extends}, compiles conditions once, and checks each rule against its own examples.
 * Collects every problem with its file, line and column before failing.
 */
final class PolicyCompiler {

    static final List<String> TOP_LEVEL_KEYS = List.of("version", "name", "policy_name", "description", "mode",
            "enforcement_mode", "extends", "deny", "require_approval", "allow", "rules", "limits", "approval",
            "approval_timeout_seconds", "risk_levels", "paths", "executables", "shell");

    static final List<String> RULE_KEYS = List.of("id", "description", "reason", "mode", "capability", "actor",
            "tool", "environment", "tenant", "user_role", "tool_name", "table", "risk_level", "contains",
            "match_keywords", "threshold", "match_regex", "amount_gt", "amount_gte", "amount_lt", "amount_lte",
            "caller_depth_gt", "caller_depth_gte", "caller_depth_lt", "caller_depth_lte", "path_prefix", "when",
            "examples", "command", "sql", "path", "url");

    static final List<String> APPROVAL_KEYS = List.of("timeout", "approvers", "single_use", "max_pending");

    private static final Map<String, Decision> SECTIONS = Map.of(
            "deny", Decision.DENY, "require_approval", Decision.REQUIRE_APPROVAL, "allow", Decision.ALLOW);

    /** A rule with its declaration order, before rules are put in precedence order. */
    private record Compiled(Rule rule, int order) {
    }

    private final List<PolicyProblem> problems = new ArrayList<>();
    private final List<Compiled> rules = new ArrayList<>();
    private final Set<String> loaded = new HashSet<>();
    private final Set<String> ids = new HashSet<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<String> sourceNames = new ArrayList<>();
    private final MessageDigest digest = sha256();
    private final Map<String, Object> approval = new LinkedHashMap<>();
    private final List<Limit> limits = new ArrayList<>();
    private final Set<String> limitIds = new HashSet<>();
    private SemanticCompiler.Settings settings = new SemanticCompiler.Settings();
    private String rootName;
    private PolicyMode rootMode = PolicyMode.ENFORCE;

    private PolicyCompiler() {
    }

    static Policy compile(PolicySource root) {
        PolicyCompiler c = new PolicyCompiler();
        if (root.bytes != null) {
            // paths and executables apply to every rule, extended ones included: read them first
            Problems yamlErrors = new Problems(root.name);
            c.settings = SemanticCompiler.Settings.read(new YamlReader(yamlErrors).read(root.text()),
                    new Problems(root.name, c.problems));
        }
        c.compileSource(root, true, null, null);
        if (c.problems.isEmpty() && c.rules.isEmpty()) {
            c.problems.add(new PolicyProblem(root.name, 1, 1,
                    "empty policy: it defines no rules (deny, require_approval, allow or rules), so it would deny everything"));
        }
        if (!c.problems.isEmpty()) {
            throw new PolicyException(c.problems);
        }
        Rule[] ordered = c.rules.stream()
                .sorted(Comparator.comparingInt((Compiled r) -> r.rule.decision.rank()).thenComparingInt(Compiled::order))
                .map(Compiled::rule)
                .toArray(Rule[]::new);
        String sha = HexFormat.of().formatHex(c.digest.digest());
        return new Policy(c.rootName, sha, c.rootMode, c.sourceNames, ordered, Map.copyOf(c.approval),
                List.copyOf(c.limits));
    }

    private void compileSource(PolicySource src, boolean root, Problems parent, YamlNode at) {
        if (src.bytes == null) {
            if (parent == null) {
                problems.add(new PolicyProblem(src.name, 1, 1, src.readError));
            } else {
                parent.add(at, "extends target " + src.name + ": " + src.readError);
            }
            return;
        }
        if (stack.contains(src.key)) {
            parent.add(at, "extends cycle: " + String.join(" -> ", stack) + " -> " + src.key);
            return;
        }
        if (!loaded.add(src.key)) {
            return; // extended twice (a diamond): its rules are already in
        }
        sourceNames.add(src.name);
        if (!root) {
            digest.update(("\n# extends " + src.name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        digest.update(src.bytes);

        Problems p = new Problems(src.name, problems);
        YamlNode doc = new YamlReader(p).read(src.text());
        if (doc == null) {
            if (p.isEmpty()) {
                p.add(1, 1, "empty policy file");
            }
            return;
        }
        if (!doc.isMapping()) {
            p.add(doc, "a policy is a mapping of keys such as deny, require_approval and allow; found " + doc.describeKind());
            return;
        }
        stack.push(src.key);
        try {
            compileDocument(src, doc, root, p);
        } finally {
            stack.pop();
        }
    }

    private void compileDocument(PolicySource src, YamlNode doc, boolean root, Problems p) {
        for (YamlNode.Entry e : doc.entries) {
            if (!TOP_LEVEL_KEYS.contains(e.key())) {
                p.add(e, "unknown key '" + e.key() + "'" + suggest(e.key(), TOP_LEVEL_KEYS)
                        + "; a policy has " + String.join(", ", TOP_LEVEL_KEYS));
            }
        }
        String name = optionalString(doc, "name", p);
        String policyName = optionalString(doc, "policy_name", p);
        if (name != null && policyName != null && !name.equals(policyName)) {
            p.add(doc.entry("policy_name"), "name and policy_name disagree; write one of them");
        }
        String displayName = name != null ? name : policyName;
        optionalString(doc, "description", p);
        YamlNode version = doc.get("version");
        if (version != null && !version.isScalar()) {
            p.add(version, "version must be a string or number");
        }
        PolicyMode mode = readMode(doc, p);
        if (root) {
            rootName = displayName;
            rootMode = mode;
        }

        YamlNode ext = doc.get("extends");
        if (ext != null) {
            for (YamlNode loc : stringItems(ext, "extends", p)) {
                compileSource(PolicySource.locate((String) loc.scalar, src), false, p, loc);
            }
        }

        if (!root) {
            for (String key : List.of("paths", "executables", "shell")) {
                if (doc.get(key) != null) {
                    p.add(doc.entry(key), key + " is set by the top policy file only, for every rule it pulls in");
                }
            }
        }
        YamlNode.Entry limitsEntry = doc.entry("limits");
        if (limitsEntry != null) {
            LimitCompiler.read(limitsEntry, limitIds, limits, p);
        }
        readApproval(doc, p);

        // Rules of an extended file are named after that file, so ids stay unique and traceable.
        String prefix = root ? "" : (displayName != null ? displayName : baseName(src.name)) + ":";
        PolicyMode ruleMode = root ? PolicyMode.ENFORCE : mode;
        for (String section : List.of("deny", "require_approval", "allow")) { // fixed order: stable ids
            YamlNode list = doc.get(section);
            if (list == null) {
                continue;
            }
            if (!list.isSequence()) {
                p.add(list, section + " must be a list of rules");
                continue;
            }
            for (int i = 0; i < list.items.size(); i++) {
                compileRule(list.items.get(i), SECTIONS.get(section), prefix + section + "[" + i + "]", ruleMode, p);
            }
        }
        YamlNode legacy = doc.get("rules");
        if (legacy != null) {
            if (!legacy.isSequence()) {
                p.add(legacy, "rules must be a list");
            } else {
                for (int i = 0; i < legacy.items.size(); i++) {
                    compileRule(legacy.items.get(i), null, prefix + "rules[" + i + "]", ruleMode, p);
                }
            }
        }
        readRiskLevels(doc, prefix, ruleMode, p);
    }

    private PolicyMode readMode(YamlNode doc, Problems p) {
        PolicyMode mode = null;
        YamlNode m = doc.get("mode");
        if (m != null) {
            mode = modeValue(m, p);
        }
        YamlNode em = doc.get("enforcement_mode");
        if (em != null) {
            PolicyMode upstream = null;
            if (em.scalar instanceof String s) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "block":
                    case "enforce":
                        upstream = PolicyMode.ENFORCE;
                        break;
                    case "observe":
                    case "monitor":
                    case "audit":
                    case "warn":
                        upstream = PolicyMode.OBSERVE;
                        break;
                    default:
                        break;
                }
            }
            if (upstream == null) {
                p.add(em, "enforcement_mode must be block, enforce, observe, monitor, audit or warn");
            } else if (mode != null && mode != upstream) {
                p.add(em, "enforcement_mode disagrees with mode");
            } else {
                mode = upstream;
            }
        }
        return mode == null ? PolicyMode.ENFORCE : mode;
    }

    private PolicyMode modeValue(YamlNode m, Problems p) {
        if ("enforce".equals(m.scalar)) {
            return PolicyMode.ENFORCE;
        }
        if ("observe".equals(m.scalar)) {
            return PolicyMode.OBSERVE;
        }
        p.add(m, "mode must be enforce or observe");
        return PolicyMode.ENFORCE;
    }

    private void readApproval(YamlNode doc, Problems p) {
        YamlNode a = doc.get("approval");
        if (a != null) {
            if (!a.isMapping()) {
                p.add(a, "approval must be a mapping of " + String.join(", ", APPROVAL_KEYS));
            } else {
                for (YamlNode.Entry e : a.entries) {
                    if (!APPROVAL_KEYS.contains(e.key())) {
                        p.add(e, "unknown approval key '" + e.key() + "'" + suggest(e.key(), APPROVAL_KEYS));
                    } else if (approvalValueOk(e, p)) {
                        approval.put(e.key(), e.value().toPlain());
                    }
                }
            }
        }
        YamlNode seconds = doc.get("approval_timeout_seconds");
        if (seconds != null) {
            if (!(seconds.scalar instanceof BigDecimal d) || d.signum() <= 0) {
                p.add(seconds, "approval_timeout_seconds must be a positive number");
            } else {
                approval.putIfAbsent("timeout", d.toPlainString() + "s");
            }
        }
    }

    /** Checks one approval setting at load, so the runtime never meets a timeout it cannot read. */
    private static boolean approvalValueOk(YamlNode.Entry e, Problems p) {
        YamlNode v = e.value();
        int before = p.size();
        switch (e.key()) {
            case "timeout":
                if (!(v.scalar instanceof String s)) {
                    p.add(v, "approval timeout must be a duration such as 30m, 2h or PT15M");
                } else {
                    try {
                        Durations.parse(s);
                    } catch (IllegalArgumentException ex) {
                        p.add(v, "approval timeout: " + ex.getMessage());
                    }
                }
                break;
            case "approvers":
                for (YamlNode item : stringItems(v, "approvers", p)) {
                    String bad = globProblem((String) item.scalar);
                    if (bad != null) {
                        p.add(item, "bad glob '" + item.scalar + "' in approvers: " + bad);
                    }
                }
                break;
            case "single_use":
                if (!(v.scalar instanceof Boolean)) {
                    p.add(v, "single_use must be true or false");
                }
                break;
            default: // max_pending
                if (!(v.scalar instanceof BigDecimal d) || d.signum() <= 0 || d.stripTrailingZeros().scale() > 0) {
                    p.add(v, "max_pending must be a positive whole number");
                }
        }
        return p.size() == before;
    }

    /** Upstream's {@code risk_levels}: a level mapped to block or require_approval acts as a rule on that level. */
    private void readRiskLevels(YamlNode doc, String prefix, PolicyMode mode, Problems p) {
        YamlNode levels = doc.get("risk_levels");
        if (levels == null) {
            return;
        }
        if (!levels.isMapping()) {
            p.add(levels, "risk_levels must map a level to {action: ...}");
            return;
        }
        for (YamlNode.Entry e : levels.entries) {
            YamlNode v = e.value();
            YamlNode action = v.isMapping() ? v.get("action") : null;
            if (action == null || !(action.scalar instanceof String)) {
                p.add(e, "risk level '" + e.key() + "' needs action: allow, warn, require_approval, block or deny");
                continue;
            }
            for (YamlNode.Entry k : v.entries) {
                if (!k.key().equals("action")) {
                    p.add(k, "unknown risk level key '" + k.key() + "'");
                }
            }
            Decision d;
            switch ((String) action.scalar) {
                case "block":
                case "deny":
                    d = Decision.DENY;
                    break;
                case "require_approval":
                    d = Decision.REQUIRE_APPROVAL;
                    break;
                case "allow":
                case "warn":
                    continue; // a level can only tighten: it never allows what no rule allows
                default:
                    p.add(action, "risk level action must be allow, warn, require_approval, block or deny");
                    continue;
            }
            Condition c = new Conditions.FieldGlob("risk_level", RISK_LEVEL, new Glob[] {Glob.ignoringCase(e.key())}, false);
            String id = prefix + "risk_levels." + e.key();
            add(new Rule(id, d, mode, "risk level " + e.key(), p.source() + ":" + e.line(), null, new Condition[] {c}));
        }
    }

    private void compileRule(YamlNode node, Decision section, String defaultId, PolicyMode fileMode, Problems p) {
        if (!node.isMapping()) {
            p.add(node, "a rule is a mapping of conditions; found " + node.describeKind());
            return;
        }
        int before = problems.size();
        boolean legacy = section == null;
        Decision decision = section;
        for (YamlNode.Entry e : node.entries) {
            if (legacy && e.key().equals("action")) {
                continue;
            }
            if (!RULE_KEYS.contains(e.key())) {
                String where = legacy ? "a rule under rules" : "a " + section.wireName() + " rule";
                p.add(e, "unknown key '" + e.key() + "' in " + where + suggest(e.key(), RULE_KEYS)
                        + (e.key().equals("action") ? "; action is only for rules under 'rules'" : ""));
            }
        }
        if (legacy) {
            YamlNode action = node.get("action");
            decision = legacyAction(action, node, p);
        }
        String id = optionalString(node, "id", p);
        String description = optionalString(node, "description", p);
        String reason = optionalString(node, "reason", p);
        PolicyMode mode = node.get("mode") == null ? fileMode : modeValue(node.get("mode"), p);
        if (decision == null) {
            return;
        }
        boolean strict = decision == Decision.ALLOW;

        List<Condition> conditions = new ArrayList<>();
        Conditions.CapabilityMatch capability = null;
        YamlNode cap = node.get("capability");
        if (cap != null) {
            capability = new Conditions.CapabilityMatch(globs(cap, "capability", true, p));
        }
        // identities match exactly; names an agent writes (tools, environments) ignore case
        fieldGlob(node, "actor", v -> v.event().actor(), false, conditions, p);
        fieldGlob(node, "tenant", v -> v.context("tenant"), false, conditions, p);
        fieldGlob(node, "user_role", v -> v.context("user_role"), false, conditions, p);
        fieldGlob(node, "tool", v -> v.event().tool(), true, conditions, p);
        fieldGlob(node, "environment", v -> v.event().environment(), true, conditions, p);
        fieldGlob(node, "risk_level", RISK_LEVEL, true, conditions, p);
        YamlNode toolName = node.get("tool_name");
        if (toolName != null) {
            conditions.add(new Conditions.ValuesGlob("tool_name", PolicyCompiler::toolNames,
                    globs(toolName, "tool_name", true, p), strict));
        }
        YamlNode table = node.get("table");
        if (table != null) {
            conditions.add(new Conditions.ValuesGlob("table", PolicyCompiler::tables, globs(table, "table", true, p), strict));
        }
        for (Conditions.Compare.Op op : Conditions.Compare.Op.values()) {
            String suffix = op.name().toLowerCase(Locale.ROOT);
            compare(node, "amount_" + suffix, "amount", v -> v.payload("amount"), op, true, strict, conditions, p);
            compare(node, "caller_depth_" + suffix, "caller_depth", v -> v.context("caller_depth"), op, false, strict,
                    conditions, p);
        }
        SemanticCompiler semantic = new SemanticCompiler(settings, p);
        YamlNode pathPrefix = node.get("path_prefix");
        if (pathPrefix != null) {
            conditions.add(semantic.pathPrefix(pathPrefix, strict));
        }
        addIfPresent(node.get("command"), n -> semantic.command(n, strict), conditions);
        addIfPresent(node.get("sql"), n -> semantic.sql(n, strict), conditions);
        addIfPresent(node.get("path"), n -> semantic.path(n, strict), conditions);
        addIfPresent(node.get("url"), n -> semantic.url(n, strict), conditions);
        YamlNode contains = node.get("contains");
        if (contains != null) {
            conditions.add(new Conditions.Keywords("contains", strings(contains, "contains", p), 0, strict));
        }
        YamlNode keywords = node.get("match_keywords");
        YamlNode threshold = node.get("threshold");
        double share = 0;
        if (threshold != null) {
            if (!(threshold.scalar instanceof BigDecimal t) || t.signum() < 0 || t.compareTo(BigDecimal.ONE) > 0) {
                p.add(threshold, "threshold must be a number from 0 to 1 (the share of keywords that must be found)");
            } else if (keywords == null) {
                p.add(threshold, "threshold applies to match_keywords, which this rule does not have");
            } else {
                share = t.doubleValue();
            }
        }
        if (keywords != null) {
            conditions.add(new Conditions.Keywords("match_keywords", strings(keywords, "match_keywords", p), share, strict));
        }
        YamlNode regex = node.get("match_regex");
        if (regex != null) {
            List<TextPattern> patterns = new ArrayList<>();
            for (YamlNode item : stringItems(regex, "match_regex", p)) {
                if (((String) item.scalar).isEmpty()) {
                    p.add(item, "match_regex has an empty pattern, which matches every text");
                    continue;
                }
                try {
                    patterns.add(TextPattern.compile((String) item.scalar, true));
                } catch (IllegalArgumentException e) {
                    p.add(item, "bad regex: " + e.getMessage());
                }
            }
            conditions.add(new Conditions.Regex(patterns.toArray(new TextPattern[0]), strict));
        }
        YamlNode when = node.get("when");
        if (when != null) {
            WhenExpr expr = WhenCompiler.compile(when, strict, p);
            if (expr != null) {
                conditions.add(new Conditions.When(expr));
            }
        }

        if (capability == null && conditions.isEmpty() && problems.size() == before) {
            p.add(node, "rule has no conditions and would match every action; write capability: \"*\" if that is meant");
        }
        String ruleId = id != null ? id : defaultId;
        if (id != null && !ids.add(id)) {
            p.add(node.entry("id"), "duplicate rule id '" + id + "'");
        }
        if (problems.size() != before) {
            return;
        }
        conditions.sort(Comparator.comparingInt(PolicyCompiler::cost));
        String text = reason != null ? reason : description;
        Rule rule = new Rule(ruleId, decision, mode, text, p.source() + ":" + node.line, capability,
                conditions.toArray(new Condition[0]));
        YamlNode examples = node.get("examples");
        if (examples != null) {
            checkExamples(rule, examples, p);
        }
        add(rule);
    }

    private static void addIfPresent(YamlNode node, Function<YamlNode, Condition> compile, List<Condition> out) {
        if (node != null) {
            Condition c = compile.apply(node);
            if (c != null) {
                out.add(c);
            }
        }
    }

    private void add(Rule rule) {
        rules.add(new Compiled(rule, rules.size()));
    }

    private Decision legacyAction(YamlNode action, YamlNode rule, Problems p) {
        if (action == null) {
            p.add(rule, "a rule under rules needs action: block, deny, allow or require_approval");
            return null;
        }
        if (action.scalar instanceof String s) {
            switch (s) {
                case "block":
                case "deny":
                    return Decision.DENY;
                case "allow":
                    return Decision.ALLOW;
                case "require_approval":
                    return Decision.REQUIRE_APPROVAL;
                default:
                    break;
            }
        }
        p.add(action, "action must be block, deny, allow or require_approval");
        return null;
    }

    /** Examples written in a rule: payloads (or {event: …}) it must match, and ones it must not. */
    private void checkExamples(Rule rule, YamlNode examples, Problems p) {
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
                checkExample(rule, ex, expected, p);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkExample(Rule rule, YamlNode ex, boolean expected, Problems p) {
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

    private void fieldGlob(YamlNode node, String key, Function<EventView, Object> field, boolean ignoreCase,
                           List<Condition> out, Problems p) {
        YamlNode v = node.get(key);
        if (v != null) {
            out.add(new Conditions.FieldGlob(key, field, globs(v, key, ignoreCase, p), false));
        }
    }

    private void compare(YamlNode node, String key, String name, Function<EventView, Object> field,
                         Conditions.Compare.Op op, boolean payload, boolean strict, List<Condition> out, Problems p) {
        YamlNode v = node.get(key);
        if (v == null) {
            return;
        }
        if (!(v.scalar instanceof BigDecimal d)) {
            p.add(v, key + " must be a number; found " + v.describeKind());
            return;
        }
        out.add(new Conditions.Compare(name, field, op, d, payload, strict));
    }

    /** From the context only: a risk level the model could write into its own arguments decides nothing. */
    private static final Function<EventView, Object> RISK_LEVEL = v -> v.context("risk_level");

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

    private static int cost(Condition c) {
        if (c instanceof Conditions.FieldGlob) return 0;
        if (c instanceof Conditions.Compare) return 1;
        if (c instanceof Conditions.ValuesGlob) return 2;
        if (c instanceof Conditions.Keywords) return 4;
        if (c instanceof Conditions.Regex) return 5;
        return 6;
    }

    private Glob[] globs(YamlNode node, String key, boolean ignoreCase, Problems p) {
        List<Glob> out = new ArrayList<>();
        for (YamlNode item : stringItems(node, key, p)) {
            String s = (String) item.scalar;
            String bad = globProblem(s);
            if (bad != null) {
                p.add(item, "bad glob '" + s + "' in " + key + ": " + bad);
            } else {
                out.add(ignoreCase ? Glob.ignoringCase(s) : Glob.of(s));
            }
        }
        return out.toArray(new Glob[0]);
    }

    static String globProblem(String s) {
        if (s.isBlank()) {
            return "it is empty";
        }
        for (char c : new char[] {'[', ']', '{', '}'}) {
            if (s.indexOf(c) >= 0) {
                return "'" + c + "' is not glob syntax here: only * and ? are; list alternatives instead";
            }
        }
        if (!s.equals(s.strip())) {
            return "it has leading or trailing spaces";
        }
        return null;
    }

    /** Non-empty texts: an empty text is contained in every string and would match (or allow) everything. */
    private String[] strings(YamlNode node, String key, Problems p) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : stringItems(node, key, p)) {
            String s = (String) item.scalar;
            if (s.isEmpty()) {
                p.add(item, key + " has an empty string, which every text contains");
            } else {
                out.add(s);
            }
        }
        return out.toArray(new String[0]);
    }

    /** A string or a non-empty list of strings; numbers are accepted as their text. */
    static List<YamlNode> stringItems(YamlNode node, String key, Problems p) {
        List<YamlNode> items = node.isSequence() ? node.items : List.of(node);
        if (node.isSequence() && items.isEmpty()) {
            p.add(node, key + " is an empty list");
        }
        List<YamlNode> out = new ArrayList<>();
        for (YamlNode item : items) {
            if (item.scalar instanceof String) {
                out.add(item);
            } else if (item.scalar instanceof BigDecimal d) {
                out.add(YamlNode.scalar(d.toPlainString(), item.line, item.column));
            } else {
                p.add(item, key + " must be a string or a list of strings; found " + item.describeKind());
            }
        }
        return out;
    }

    private static String optionalString(YamlNode node, String key, Problems p) {
        YamlNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (v.scalar instanceof String s) {
            return s;
        }
        if (v.scalar instanceof BigDecimal d) {
            return d.toPlainString();
        }
        p.add(v, key + " must be a string; found " + v.describeKind());
        return null;
    }

    /** "; did you mean 'x'?" for a key within two edits of a known one. */
    static String suggest(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String baseName(String name) {
        String n = name.substring(name.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
