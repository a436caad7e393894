package dev.capfence.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the rules whose capability covers an event's, in precedence order, without scanning the policy.
 * <ul>
 *   <li>Literal capabilities are looked up by each dot-prefix of the event's capability.</li>
 *   <li>Globbed capabilities are grouped by pattern (a pattern shared by many rules is matched once) and indexed
 *   by their literal head, the text before the first wildcard: a capability, or any dot-prefix of it, can only
 *   match a glob whose head it starts with, so only the heads the capability starts with are tried.</li>
 *   <li>Rules without a capability apply to every event.</li>
 * </ul>
 * The answer per capability is cached. The cache is bounded; when it is full it starts over, so a flood of
 * made-up capability names costs each of them one lookup and the names in steady use are cached again at once.
 */
final class RuleIndex {

    static final int CACHE_LIMIT = 4096;
    private static final Rule[] NONE = new Rule[0];

    /** Rules sharing one globbed capability pattern. */
    private record GlobGroup(Glob glob, int[] ruleIds) {
    }

    private final Rule[] rules;
    private final Map<String, int[]> literal;
    private final Map<String, GlobGroup[]> globsByHead;
    /** Distinct head lengths, shortest first: the prefixes of a capability worth looking up. */
    private final int[] headLengths;
    private final int[] everyEvent;
    private final Map<String, Rule[]> cache = new ConcurrentHashMap<>();

    RuleIndex(Rule[] rules) {
        this.rules = rules;
        Map<String, List<Integer>> byCapability = new HashMap<>();
        Map<String, Glob> globs = new LinkedHashMap<>();
        Map<String, List<Integer>> byGlob = new HashMap<>();
        List<Integer> always = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if (r.capability == null) {
                always.add(i);
                continue;
            }
            for (Glob g : r.capability.patterns) {
                if (g.isLiteral()) {
                    byCapability.computeIfAbsent(g.pattern(), k -> new ArrayList<>()).add(i);
                } else {
                    globs.putIfAbsent(g.pattern(), g);
                    byGlob.computeIfAbsent(g.pattern(), k -> new ArrayList<>()).add(i);
                }
            }
        }
        this.literal = new HashMap<>();
        byCapability.forEach((k, v) -> literal.put(k, ids(v)));
        Map<String, List<GlobGroup>> heads = new HashMap<>();
        TreeSet<Integer> lengths = new TreeSet<>();
        globs.forEach((pattern, glob) -> {
            String head = head(pattern);
            heads.computeIfAbsent(head, k -> new ArrayList<>()).add(new GlobGroup(glob, ids(byGlob.get(pattern))));
            lengths.add(head.length());
        });
        this.globsByHead = new HashMap<>();
        heads.forEach((k, v) -> globsByHead.put(k, v.toArray(GlobGroup[]::new)));
        this.headLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
        this.everyEvent = ids(always);
    }

    /** The text before a glob's first wildcard; every name the glob matches starts with it. */
    static String head(String pattern) {
        int star = pattern.indexOf('*');
        int question = pattern.indexOf('?');
        int end = star < 0 ? question : question < 0 ? star : Math.min(star, question);
        return end < 0 ? pattern : pattern.substring(0, end);
    }

    Rule[] candidates(String eventCapability) {
        // literal patterns are stored lower-cased: capabilities match ignoring case
        String capability = eventCapability.toLowerCase(Locale.ROOT);
        Rule[] hit = cache.get(capability);
        if (hit != null) {
            return hit;
        }
        Rule[] computed = compute(capability);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(capability, computed);
        return computed;
    }

    /** How many capabilities are cached now (for tests of the bound). */
    int cached() {
        return cache.size();
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
        for (int length : headLengths) {
            if (length > capability.length()) {
                break;
            }
            GlobGroup[] groups = globsByHead.get(capability.substring(0, length));
            if (groups == null) {
                continue;
            }
            for (GlobGroup group : groups) {
                if (Conditions.CapabilityMatch.covers(group.glob(), capability)) {
                    for (int id : group.ruleIds()) {
                        chosen.set(id);
                    }
                }
            }
        }
        for (int id : everyEvent) {
            chosen.set(id);
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

    private static int[] ids(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
