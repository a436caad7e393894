package dev.capfence.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the policy's {@code limits} list; every problem is reported at its line and column. */
final class LimitCompiler {

    static final List<String> LIMIT_KEYS = List.of("id", "description", "capability", "per", "window", "max_count",
            "max_sum", "amount_field", "on_exceed");

    private LimitCompiler() {
    }

    /** Adds the limits of {@code node} (the value of {@code limits}) to {@code out}; {@code ids} spans every file. */
    static void read(YamlNode.Entry entry, Set<String> ids, List<Limit> out, Problems p) {
        YamlNode node = entry.value();
        if (node == null || !node.isSequence()) {
            p.add(entry, "limits must be a list of limits, each with id, window and max_count and/or max_sum");
            return;
        }
        for (YamlNode item : node.items) {
            Limit limit = one(item, p);
            if (limit != null && !ids.add(limit.id())) {
                p.add(item, "duplicate limit id '" + limit.id() + "'");
            }
            if (limit != null) {
                out.add(limit);
            }
        }
    }

    private static Limit one(YamlNode node, Problems p) {
        if (!node.isMapping()) {
            p.add(node, "a limit is a mapping of " + String.join(", ", LIMIT_KEYS) + "; found " + node.describeKind());
            return null;
        }
        int before = p.size();
        for (YamlNode.Entry e : node.entries) {
            if (!LIMIT_KEYS.contains(e.key())) {
                p.add(e, "unknown limit key '" + e.key() + "'" + PolicyCompiler.suggest(e.key(), LIMIT_KEYS)
                        + "; a limit has " + String.join(", ", LIMIT_KEYS));
            }
        }
        String id = text(node, "id", p);
        if (id == null && node.get("id") == null) {
            p.add(node, "a limit needs an id");
        }
        Glob[] capability = capability(node, p);
        Limit.Per per = per(node, p);
        Duration window = window(node, p);
        Long maxCount = maxCount(node, p);
        BigDecimal maxSum = maxSum(node, p);
        if (node.get("max_count") == null && node.get("max_sum") == null) {
            p.add(node, "a limit needs max_count, max_sum or both");
        }
        FieldPath amountField = amountField(node, maxSum != null || node.get("max_sum") != null, p);
        Decision onExceed = onExceed(node, p);
        if (p.size() != before) {
            return null;
        }
        return new Limit(id, capability, per, window, maxCount, maxSum, amountField, onExceed);
    }

    private static String text(YamlNode node, String key, Problems p) {
        YamlNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (v.scalar instanceof String s && !s.isBlank()) {
            return s;
        }
        p.add(v, key + " must be a non-empty string; found " + v.describeKind());
        return null;
    }

    private static Glob[] capability(YamlNode node, Problems p) {
        YamlNode v = node.get("capability");
        if (v == null) {
            return new Glob[0];
        }
        List<Glob> out = new ArrayList<>();
        for (YamlNode item : PolicyCompiler.stringItems(v, "capability", p)) {
            String s = (String) item.scalar;
            String bad = PolicyCompiler.globProblem(s);
            if (bad != null) {
                p.add(item, "bad glob '" + s + "' in capability: " + bad);
            } else {
                out.add(Glob.ignoringCase(s));
            }
        }
        return out.toArray(new Glob[0]);
    }

    private static Limit.Per per(YamlNode node, Problems p) {
        YamlNode v = node.get("per");
        if (v == null) {
            return Limit.Per.ACTOR;
        }
        if (v.scalar instanceof String s) {
            for (Limit.Per per : Limit.Per.values()) {
                if (per.wireName().equals(s.toLowerCase(Locale.ROOT))) {
                    return per;
                }
            }
        }
        p.add(v, "per must be actor, tenant or global");
        return null;
    }

    private static Duration window(YamlNode node, Problems p) {
        YamlNode v = node.get("window");
        if (v == null) {
            p.add(node, "a limit needs a window, e.g. window: 24h");
            return null;
        }
        if (!(v.scalar instanceof String s)) {
            p.add(v, "window must be a duration such as 30m, 24h or PT15M; found " + v.describeKind());
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            p.add(v, "window: " + e.getMessage());
            return null;
        }
    }

    private static Long maxCount(YamlNode node, Problems p) {
        YamlNode v = node.get("max_count");
        if (v == null) {
            return null;
        }
        if (v.scalar instanceof BigDecimal d && d.signum() > 0 && d.stripTrailingZeros().scale() <= 0
                && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return d.longValueExact();
        }
        p.add(v, "max_count must be a positive whole number");
        return null;
    }

    private static BigDecimal maxSum(YamlNode node, Problems p) {
        YamlNode v = node.get("max_sum");
        if (v == null) {
            return null;
        }
        if (v.scalar instanceof BigDecimal d && d.signum() >= 0) {
            return d;
        }
        p.add(v, "max_sum must be a non-negative number");
        return null;
    }

    private static FieldPath amountField(YamlNode node, boolean summing, Problems p) {
        YamlNode v = node.get("amount_field");
        if (v == null) {
            return FieldPath.parse("payload.amount");
        }
        if (!summing) {
            p.add(v, "amount_field needs max_sum: without it nothing is summed");
            return null;
        }
        if (!(v.scalar instanceof String s)) {
            p.add(v, "amount_field must be a path such as payload.amount");
            return null;
        }
        try {
            return FieldPath.parse(s);
        } catch (IllegalArgumentException e) {
            p.add(v, "amount_field: " + e.getMessage());
            return null;
        }
    }

    private static Decision onExceed(YamlNode node, Problems p) {
        YamlNode v = node.get("on_exceed");
        if (v == null) {
            return Decision.DENY;
        }
        if ("deny".equals(v.scalar)) {
            return Decision.DENY;
        }
        if ("require_approval".equals(v.scalar)) {
            return Decision.REQUIRE_APPROVAL;
        }
        p.add(v, "on_exceed must be deny or require_approval");
        return null;
    }
}
