package dev.capfence.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Upstream CapFence's spellings of a policy file, translated into the native form in one step before the compiler
 * reads the file: {@code policy_name} becomes {@code name}, {@code enforcement_mode} becomes {@code mode},
 * {@code approval_timeout_seconds} becomes {@code approval.timeout}, and the legacy {@code rules} list (each rule with
 * an {@code action}) and {@code risk_levels} become rules with a decision. Problems with the upstream spellings are
 * reported here, at their own line and column; everything else is left for the compiler to check.
 */
final class UpstreamDialect {

    /** Top-level keys only upstream writes; the native form has none of them. */
    static final List<String> TOP_LEVEL_KEYS =
            List.of("policy_name", "enforcement_mode", "rules", "approval_timeout_seconds", "risk_levels");

    /** A policy file in the native form, and the rules upstream writes outside deny, require_approval and allow. */
    record Native(YamlNode doc, List<PolicyCompiler.RuleNode> rules) {
    }

    private UpstreamDialect() {
    }

    static Native translate(YamlNode doc, Problems p) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        for (YamlNode.Entry e : doc.entries) {
            if (!TOP_LEVEL_KEYS.contains(e.key())) {
                entries.add(e);
            }
        }
        name(doc, entries, p);
        mode(doc, entries, p);
        approvalTimeout(doc, entries, p);
        List<PolicyCompiler.RuleNode> rules = new ArrayList<>();
        legacyRules(doc, rules, p);
        riskLevels(doc, rules, p);
        return new Native(YamlNode.mapping(entries, doc.line, doc.column), List.copyOf(rules));
    }

    private static void name(YamlNode doc, List<YamlNode.Entry> out, Problems p) {
        YamlNode.Entry entry = doc.entry("policy_name");
        if (entry == null) {
            return;
        }
        String policyName = PolicyCompiler.optionalString(doc, "policy_name", p);
        if (policyName == null) {
            return;
        }
        YamlNode name = doc.get("name");
        if (name == null) {
            out.add(new YamlNode.Entry("name", entry.line(), entry.column(),
                    YamlNode.scalar(policyName, entry.value().line, entry.value().column)));
            return;
        }
        String nameText = name.scalar instanceof BigDecimal d ? d.toPlainString()
                : name.scalar instanceof String s ? s : null;
        if (nameText != null && !nameText.equals(policyName)) {
            p.add(entry, "name and policy_name disagree; write one of them");
        }
    }

    /** {@code enforcement_mode: block} (or enforce) enforces; observe, monitor, audit and warn observe. */
    private static void mode(YamlNode doc, List<YamlNode.Entry> out, Problems p) {
        YamlNode.Entry entry = doc.entry("enforcement_mode");
        if (entry == null) {
            return;
        }
        YamlNode em = entry.value();
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
            return;
        }
        YamlNode mode = doc.get("mode");
        if (mode == null) {
            out.add(new YamlNode.Entry("mode", entry.line(), entry.column(),
                    YamlNode.scalar(upstream.wireName(), em.line, em.column)));
        } else if (upstream != ("observe".equals(mode.scalar) ? PolicyMode.OBSERVE : PolicyMode.ENFORCE)) {
            // a mode that is neither enforce nor observe is reported by the compiler, which then enforces
            p.add(em, "enforcement_mode disagrees with mode");
        }
    }

    /** A timeout in seconds, for when the {@code approval} block names none. */
    private static void approvalTimeout(YamlNode doc, List<YamlNode.Entry> out, Problems p) {
        YamlNode.Entry entry = doc.entry("approval_timeout_seconds");
        if (entry == null) {
            return;
        }
        YamlNode seconds = entry.value();
        if (!(seconds.scalar instanceof BigDecimal d) || d.signum() <= 0) {
            p.add(seconds, "approval_timeout_seconds must be a positive number");
            return;
        }
        YamlNode.Entry timeout = new YamlNode.Entry("timeout", entry.line(), entry.column(),
                YamlNode.scalar(d.toPlainString() + "s", seconds.line, seconds.column));
        YamlNode.Entry approval = doc.entry("approval");
        if (approval == null) {
            out.add(new YamlNode.Entry("approval", entry.line(), entry.column(),
                    YamlNode.mapping(List.of(timeout), seconds.line, seconds.column)));
        } else if (approval.value().isMapping() && approval.value().get("timeout") == null) {
            List<YamlNode.Entry> settings = new ArrayList<>(approval.value().entries);
            settings.add(timeout);
            YamlNode block = YamlNode.mapping(settings, approval.value().line, approval.value().column);
            out.set(out.indexOf(approval), new YamlNode.Entry("approval", approval.line(), approval.column(), block));
        }
        // otherwise the block's own timeout wins, or the block is not a mapping (which the compiler reports)
    }

    /** The legacy {@code rules} list: each rule names its decision in {@code action}. */
    private static void legacyRules(YamlNode doc, List<PolicyCompiler.RuleNode> out, Problems p) {
        YamlNode list = doc.get("rules");
        if (list == null) {
            return;
        }
        if (!list.isSequence()) {
            p.add(list, "rules must be a list");
            return;
        }
        for (int i = 0; i < list.items.size(); i++) {
            YamlNode rule = list.items.get(i);
            String id = "rules[" + i + "]";
            if (!rule.isMapping()) {
                // not a mapping: the compiler says what it is
                out.add(new PolicyCompiler.RuleNode(rule, null, id, "a rule under rules"));
                continue;
            }
            Decision decision = action(rule.get("action"), rule, p);
            List<YamlNode.Entry> keys = new ArrayList<>(rule.entries);
            keys.removeIf(e -> e.key().equals("action"));
            YamlNode withoutAction = YamlNode.mapping(keys, rule.line, rule.column);
            out.add(new PolicyCompiler.RuleNode(withoutAction, decision, id, "a rule under rules"));
        }
    }

    private static Decision action(YamlNode action, YamlNode rule, Problems p) {
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

    /**
     * {@code risk_levels}: a level mapped to block (deny) or require_approval becomes a rule on that
     * {@code risk_level}; allow and warn levels add nothing, since a level can only tighten.
     */
    private static void riskLevels(YamlNode doc, List<PolicyCompiler.RuleNode> out, Problems p) {
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
                    continue;
                default:
                    p.add(action, "risk level action must be allow, warn, require_approval, block or deny");
                    continue;
            }
            YamlNode rule = YamlNode.mapping(List.of(
                    new YamlNode.Entry("risk_level", e.line(), e.column(),
                            YamlNode.scalar(e.key(), e.line(), e.column())),
                    new YamlNode.Entry("reason", e.line(), e.column(),
                            YamlNode.scalar("risk level " + e.key(), e.line(), e.column()))), e.line(), e.column());
            out.add(new PolicyCompiler.RuleNode(rule, d, "risk_levels." + e.key(), "risk level '" + e.key() + "'"));
        }
    }
}
