package dev.capfence.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the rules whose capability covers an event's, in precedence order. Literal capabilities are
 * looked up by each dot-prefix of the event's capability; globbed and capability-free rules are tested.
 * The answer per capability is cached (bounded), so a steady workload resolves rules with one map read.
 */
final class RuleIndex {

    private static final int CACHE_LIMIT = 4096;
    private static final Rule[] NONE = new Rule[0];

    private final Rule[] rules;
    private final Map<String, int[]> literal;
    private final int[] tested;
    private final Map<String, Rule[]> cache = new ConcurrentHashMap<>();

    RuleIndex(Rule[] rules) {
        this.rules = rules;
        Map<String, List<Integer>> byCapability = new HashMap<>();
        List<Integer> testedList = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            boolean needsTest = r.capability == null;
            if (r.capability != null) {
                for (Glob g : r.capability.patterns) {
                    if (g.isLiteral()) {
                        byCapability.computeIfAbsent(g.pattern(), k -> new ArrayList<>()).add(i);
                    } else {
                        needsTest = true;
                    }
                }
            }
            if (needsTest) {
                testedList.add(i);
            }
        }
        this.literal = new HashMap<>();
        byCapability.forEach((k, v) -> literal.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.tested = testedList.stream().mapToInt(Integer::intValue).toArray();
    }

    Rule[] candidates(String eventCapability) {
        // literal patterns are stored lower-cased: capabilities match ignoring case
        String capability = eventCapability.toLowerCase(java.util.Locale.ROOT);
        Rule[] hit = cache.get(capability);
        if (hit != null) {
            return hit;
        }
        Rule[] computed = compute(capability);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(capability, computed);
        }
        return computed;
    }

    private Rule[] compute(String capability) {
        BitSet chosen = new BitSet(rules.length);
        String prefix = capability;
        while (true) {
            int[] ids = literal.get(prefix);
            if (ids != null) {
                for (int id : ids) {
                    chosen.set(id);
                }
            }
            int dot = prefix.lastIndexOf('.');
            if (dot <= 0) {
                break;
            }
            prefix = prefix.substring(0, dot);
        }
        for (int id : tested) {
            Rule r = rules[id];
            if (r.capability == null) {
                chosen.set(id);
                continue;
            }
            for (Glob g : r.capability.patterns) {
                if (!g.isLiteral() && Conditions.CapabilityMatch.covers(g, capability)) {
                    chosen.set(id);
                    break;
                }
            }
        }
        if (chosen.isEmpty()) {
            return NONE;
        }
        Rule[] out = new Rule[chosen.cardinality()];
        int n = 0;
        for (int id = chosen.nextSetBit(0); id >= 0; id = chosen.nextSetBit(id + 1)) {
            out[n++] = rules[id];
        }
        return out;
    }
}
