package dev.capfence.policy;

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
import java.util.Map;
import java.util.Set;

/**
 * Turns policy YAML into a {@link Policy}: validates every key (an unknown key is an error, never ignored),
 * has {@link UpstreamDialect} translate upstream spellings into the native form, resolves {@code extends},
 * compiles each rule's keys through the {@link RuleKeys} table once, and checks each rule against its own
 * examples. Collects every problem with its file, line and column before failing.
 */
final class PolicyCompiler {

    static final List<String> TOP_LEVEL_KEYS = List.of("version", "name", "policy_name", "description", "mode",
            "enforcement_mode", "extends", "deny", "require_approval", "allow", "rules", "limits", "approval",
            "approval_timeout_seconds", "risk_levels", "paths", "executables", "shell", "tools");

    static final List<String> APPROVAL_KEYS = List.of("timeout", "approvers", "single_use", "max_pending");

    private static final Map<String, Decision> SECTIONS = Map.of(
            "deny", Decision.DENY, "require_approval", Decision.REQUIRE_APPROVAL, "allow", Decision.ALLOW);

    /**
     * A rule in the native form, from deny, require_approval or allow, or translated from upstream's spellings.
     *
     * @param decision  null when it cannot be known (a bad {@code action}, already reported): the rule's keys are
     *                  still checked, but nothing is compiled
     * @param defaultId the id when the rule has no {@code id} key (the compiler puts an extended file's name first)
     * @param where     how messages about its keys name it
     */
    record RuleNode(YamlNode node, Decision decision, String defaultId, String where) {
    }

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
    private final Map<String, String> toolCapabilities = new LinkedHashMap<>();
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
                List.copyOf(c.limits), Map.copyOf(c.toolCapabilities));
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

    private void compileDocument(PolicySource src, YamlNode original, boolean root, Problems p) {
        for (YamlNode.Entry e : original.entries) {
            if (!TOP_LEVEL_KEYS.contains(e.key())) {
                p.add(e, "unknown key '" + e.key() + "'" + suggest(e.key(), TOP_LEVEL_KEYS)
                        + "; a policy has " + String.join(", ", TOP_LEVEL_KEYS));
            }
        }
        // from here on the file is read in the native form only
        UpstreamDialect.Native translated = UpstreamDialect.translate(original, p);
        YamlNode doc = translated.doc();
        String displayName = optionalString(doc, "name", p);
        optionalString(doc, "description", p);
        YamlNode version = doc.get("version");
        if (version != null && !version.isScalar()) {
            p.add(version, "version must be a string or number");
        }
        PolicyMode mode = doc.get("mode") == null ? PolicyMode.ENFORCE : modeValue(doc.get("mode"), p);
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
        readTools(doc, p);

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
            Decision decision = SECTIONS.get(section);
            for (int i = 0; i < list.items.size(); i++) {
                compileRule(new RuleNode(list.items.get(i), decision, section + "[" + i + "]",
                        "a " + decision.wireName() + " rule"), prefix, ruleMode, p);
            }
        }
        for (RuleNode rule : translated.rules()) {
            compileRule(rule, prefix, ruleMode, p);
        }
    }

    static PolicyMode modeValue(YamlNode m, Problems p) {
        if ("enforce".equals(m.scalar)) {
            return PolicyMode.ENFORCE;
        }
        if ("observe".equals(m.scalar)) {
            return PolicyMode.OBSERVE;
        }
        p.add(m, "mode must be enforce or observe");
        return PolicyMode.ENFORCE;
    }

    /**
     * {@code tools:} the capability each tool's calls are decided under, for every integration that names tools
     * (Spring AI, the MCP gateway, LangChain4j, ADK): {@code write_file: files.write}, or
     * {@code write_file: {capability: files.write}}. A tool mapped twice to different capabilities is an error.
     */
    private void readTools(YamlNode doc, Problems p) {
        YamlNode tools = doc.get("tools");
        if (tools == null) {
            return;
        }
        if (!tools.isMapping()) {
            p.add(tools, "tools must be a mapping of tool name to capability (write_file: files.write)");
            return;
        }
        for (YamlNode.Entry e : tools.entries) {
            YamlNode v = e.value();
            if (v.isMapping()) {
                for (YamlNode.Entry k : v.entries) {
                    if (!k.key().equals("capability")) {
                        p.add(k, "unknown tool key '" + k.key() + "'; a tool has capability");
                    }
                }
                v = v.get("capability");
                if (v == null) {
                    p.add(e, "tool " + e.key() + " needs a capability");
                    continue;
                }
            }
            if (!(v.scalar instanceof String capability) || capability.isBlank()
                    || !capability.equals(capability.strip()) || capability.contains(" ")) {
                p.add(v, "the capability of tool " + e.key() + " must be a name such as files.write");
                continue;
            }
            String before = toolCapabilities.putIfAbsent(e.key(), capability);
            if (before != null && !before.equals(capability)) {
                p.add(e, "tool " + e.key() + " is mapped to " + before + " already, here to " + capability);
            }
        }
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

    private void compileRule(RuleNode r, String prefix, PolicyMode fileMode, Problems p) {
        YamlNode node = r.node();
        if (!node.isMapping()) {
            p.add(node, "a rule is a mapping of conditions; found " + node.describeKind());
            return;
        }
        int before = problems.size();
        for (YamlNode.Entry e : node.entries) {
            if (RuleKeys.named(e.key()) == null) {
                p.add(e, "unknown key '" + e.key() + "' in " + r.where() + suggest(e.key(), RuleKeys.NAMES)
                        + (e.key().equals("action") ? "; action is only for rules under 'rules'" : ""));
            }
        }
        RuleKeys.Draft draft = new RuleKeys.Draft(node, r.decision(), fileMode, settings, p);
        compileKeys(draft, RuleKeys.Part.RULE);
        if (r.decision() == null) {
            return;
        }
        compileKeys(draft, RuleKeys.Part.CAPABILITY, RuleKeys.Part.CONDITION, RuleKeys.Part.SETTING);
        if (draft.capability == null && draft.conditions.isEmpty() && problems.size() == before) {
            p.add(node, "rule has no conditions and would match every action; write capability: \"*\" if that is meant");
        }
        String ruleId = draft.id != null ? draft.id : prefix + r.defaultId();
        if (draft.id != null && !ids.add(draft.id)) {
            p.add(node.entry("id"), "duplicate rule id '" + draft.id + "'");
        }
        if (problems.size() != before) {
            return;
        }
        draft.conditions.sort(Comparator.comparingInt(PolicyCompiler::cost));
        String text = draft.reason != null ? draft.reason : draft.description;
        draft.rule = new Rule(ruleId, r.decision(), draft.mode, text, p.source() + ":" + node.line, draft.capability,
                draft.conditions.toArray(new Condition[0]));
        compileKeys(draft, RuleKeys.Part.EXAMPLES);
        add(draft.rule);
    }

    /** Runs the table's entries for these parts, in table order, on the keys the rule has. */
    private static void compileKeys(RuleKeys.Draft draft, RuleKeys.Part... parts) {
        for (RuleKeys.Key key : RuleKeys.ALL) {
            if (List.of(parts).contains(key.part())) {
                YamlNode value = draft.node.get(key.name());
                if (value != null) {
                    key.compiler().compile(draft, value);
                }
            }
        }
    }

    private void add(Rule rule) {
        rules.add(new Compiled(rule, rules.size()));
    }

    private static int cost(Condition c) {
        if (c instanceof Conditions.FieldGlob) return 0;
        if (c instanceof Conditions.Compare) return 1;
        if (c instanceof Conditions.ValuesGlob) return 2;
        if (c instanceof Conditions.Keywords) return 4;
        if (c instanceof Conditions.Regex) return 5;
        return 6;
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

    static String optionalString(YamlNode node, String key, Problems p) {
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
