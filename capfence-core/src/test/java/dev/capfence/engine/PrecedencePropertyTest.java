package dev.capfence.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for random policies of deny, require_approval and allow rules, each of which does or does not
 * match one fixed event, the verdict is always deny if any deny rule matches, else require_approval if
 * any such rule matches, else allow if any allow rule matches, else the default denial; the deciding rule
 * is the first matching one of the winning section in declaration order; observe-mode rules never decide.
 * Every failure message carries the seed and the policy text, so a failure reproduces.
 */
class PrecedencePropertyTest {

    private static final long BASE_SEED = 0xCAFE_F0CEL;
    private static final int POLICIES = 500;

    private static final ActionEvent EVENT = ActionEvent.builder()
            .actor("agent-7").capability("tool.run")
            .payload(Map.of("text", "alpha beta", "amount", 50))
            .build();

    /** Condition snippets that hold for {@link #EVENT}, and ones that do not. */
    private static final String[] MATCHING = {
            "contains: alpha",
            "contains: [zzz, beta]",
            "capability: tool.run",
            "capability: tool",
            "capability: \"tool.*\"",
            "capability: \"*\"",
            "actor: \"agent-?\"",
            "actor: [bot, agent-7]",
            "amount_gt: 10",
            "amount_lte: 50",
            "match_regex: \"^al\"",
            "when: {payload.text: {starts_with: alpha}}",
            "when: {not: {payload.amount: {gt: 50}}}",
    };
    private static final String[] NOT_MATCHING = {
            "contains: omega",
            "contains: [zzz, yyy]",
            "capability: tool.walk",
            "capability: tools",
            "capability: \"other.*\"",
            "actor: \"bot-*\"",
            "amount_gt: 50",
            "amount_lt: 50",
            "match_regex: \"^beta\"",
            "when: {payload.text: {eq: alpha}}",
            "when: {payload.missing: {exists: true}}",
    };

    private record GenRule(String id, Decision section, boolean matches, boolean observe, int order, List<String> conditions) {
    }

    @Test
    void verdictFollowsPrecedenceForRandomPolicies() {
        for (int i = 0; i < POLICIES; i++) {
            long seed = BASE_SEED + i;
            checkOne(seed);
        }
    }

    @Test
    void theGeneratorProducesEveryOutcome() {
        // guards the property against a generator that only ever exercises one branch
        Map<Decision, Integer> seen = new EnumMap<>(Decision.class);
        int defaults = 0;
        int shadows = 0;
        for (int i = 0; i < POLICIES; i++) {
            Verdict v = checkOne(BASE_SEED + i);
            seen.merge(v.decision(), 1, Integer::sum);
            if (v.reasonCode() == ReasonCode.NO_MATCHING_RULE) {
                defaults++;
            }
            if (v.shadowDecision() != null) {
                shadows++;
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Decision.values());
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(POLICIES / 20));
        assertThat(defaults).isGreaterThan(POLICIES / 50);
        assertThat(shadows).isGreaterThan(POLICIES / 20);
    }

    private static Verdict checkOne(long seed) {
        Random rnd = new Random(seed);
        boolean legacy = rnd.nextInt(10) < 3;
        int n = 1 + rnd.nextInt(9);
        List<GenRule> rules = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Decision section = Decision.values()[rnd.nextInt(3)];
            boolean matches = rnd.nextBoolean();
            boolean observe = rnd.nextInt(6) == 0;
            List<String> conds = new ArrayList<>();
            if (matches) {
                conds.add(pick(rnd, MATCHING));
                if (rnd.nextBoolean()) {
                    conds.add(pick(rnd, MATCHING));
                }
            } else {
                conds.add(pick(rnd, NOT_MATCHING));
                if (rnd.nextBoolean()) {
                    conds.add(pick(rnd, rnd.nextBoolean() ? MATCHING : NOT_MATCHING));
                }
            }
            rules.add(new GenRule("r" + k, section, matches, observe, k, dedupeKeys(conds)));
        }
        String yaml = legacy ? legacyYaml(rules) : sectionYaml(rules, rnd);
        // With sections, declaration order is the order within each section; rule k was written before k+1
        // in its section either way, so the generation index is the declaration order.

        Verdict v;
        try {
            v = ActionRuntime.fromPolicy(Policy.parse(yaml, "random-" + seed + ".yaml")).evaluate(EVENT);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + " failed to load:\n" + yaml, e);
        }

        List<GenRule> precedence = new ArrayList<>(rules);
        precedence.sort(Comparator.comparingInt((GenRule r) -> rank(r.section)).thenComparingInt(GenRule::order));
        GenRule winner = null;
        GenRule shadow = null;
        for (GenRule r : precedence) {
            if (!r.matches) {
                continue;
            }
            if (r.observe) {
                if (shadow == null) {
                    shadow = r;
                }
                continue;
            }
            winner = r;
            break;
        }
        String msg = "seed " + seed + "\n" + yaml;
        if (winner == null) {
            assertThat(v.decision()).as(msg).isEqualTo(Decision.DENY);
            assertThat(v.reasonCode().wireName()).as(msg).isEqualTo("no_matching_rule");
            assertThat(v.ruleId()).as(msg).isNull();
        } else {
            assertThat(v.decision()).as(msg).isEqualTo(winner.section);
            assertThat(v.ruleId()).as(msg).isEqualTo(winner.id);
            assertThat(v.reasonCode().wireName()).as(msg).isEqualTo("policy_" + winner.section.wireName());
        }
        assertThat(v.authorized()).as(msg).isEqualTo(v.decision() == Decision.ALLOW);
        assertThat(v.shadowRuleId()).as(msg).isEqualTo(shadow == null ? null : shadow.id);
        assertThat(v.shadowDecision()).as(msg).isEqualTo(shadow == null ? null : shadow.section);
        return v;
    }

    private static int rank(Decision d) {
        switch (d) {
            case DENY: return 0;
            case REQUIRE_APPROVAL: return 1;
            default: return 2;
        }
    }

    private static String pick(Random rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    /** A rule cannot repeat a key; keep the first snippet for each key (the one that decides matching). */
    private static List<String> dedupeKeys(List<String> conds) {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String c : conds) {
            String key = c.substring(0, c.indexOf(':'));
            if (!keys.contains(key)) {
                keys.add(key);
                out.add(c);
            }
        }
        return out;
    }

    private static String sectionYaml(List<GenRule> rules, Random rnd) {
        List<Decision> order = new ArrayList<>(List.of(Decision.values()));
        java.util.Collections.shuffle(order, rnd);
        StringBuilder b = new StringBuilder("name: random\n");
        for (Decision section : order) {
            List<GenRule> in = rules.stream().filter(r -> r.section == section).toList();
            if (in.isEmpty()) {
                continue;
            }
            b.append(section.wireName()).append(":\n");
            for (GenRule r : in) {
                rule(b, r, null);
            }
        }
        return b.toString();
    }

    private static String legacyYaml(List<GenRule> rules) {
        StringBuilder b = new StringBuilder("enforcement_mode: block\nrules:\n");
        for (GenRule r : rules) {
            rule(b, r, r.section == Decision.DENY ? (r.order % 2 == 0 ? "block" : "deny") : r.section.wireName());
        }
        return b.toString();
    }

    private static void rule(StringBuilder b, GenRule r, String action) {
        b.append("  - id: ").append(r.id).append('\n');
        if (action != null) {
            b.append("    action: ").append(action).append('\n');
        }
        if (r.observe) {
            b.append("    mode: observe\n");
        }
        for (String c : r.conditions) {
            b.append("    ").append(c).append('\n');
        }
    }
}
