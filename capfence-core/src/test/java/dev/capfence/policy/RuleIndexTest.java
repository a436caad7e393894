package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    private static final String[] PATTERNS = {
            "refund", "refund.issue", "refund.*", "refund.issue.*", "*", "*.read", "re?und.*", "r*d.issue",
            "shell.exec", "shell.*", "sh*", "*exec", "file.read", "file.*.secret", "?ile.read", "sql.execute",
            "mcp.tool.fetch", "mcp.*.fetch", "mcp.tool.*", "mcp.?ool.f*", "a.b.c.d", "a.*.d", "a.b*", "*.*.*",
    };
    private static final String[] CAPABILITIES = {
            "refund", "refund.issue", "refund.issue.large", "REFUND.Issue", "rxfund.x", "rexund.issue", "shell",
            "shell.exec", "shellexec", "file.read", "file.x.secret", "file.read.secret", "mcp.tool.fetch",
            "mcp.tool.fetch.again", "mcp.pool.fx", "a.b.c.d", "a.b", "a.bb.d", "a.b.c.d.e", "x", "x.read", "",
            ".", "a..b", "refund.", "made.up.capability",
    };

    @Test
    void indexAnswersWhatScanningEveryRuleAnswers() {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            Rule[] rules = randomRules(random, 1 + random.nextInt(40));
            RuleIndex index = new RuleIndex(rules);
            for (String capability : CAPABILITIES) {
                assertThat(index.candidates(capability))
                        .as("round %d, capability '%s', rules %s", round, capability, describe(rules))
                        .containsExactly(scan(rules, capability));
            }
        }
    }

    @Test
    void headIsTheTextBeforeTheFirstWildcard() {
        assertThat(RuleIndex.head("refund.*")).isEqualTo("refund.");
        assertThat(RuleIndex.head("re?und.*")).isEqualTo("re");
        assertThat(RuleIndex.head("*.read")).isEmpty();
        assertThat(RuleIndex.head("a.b*c?")).isEqualTo("a.b");
    }

    @Test
    void cacheStaysBoundedAndRightUnderAFloodOfMadeUpNames() {
        Rule[] rules = {rule("r1", "refund.*"), rule("r2", "*.read"), rule("r3", "shell.exec")};
        RuleIndex index = new RuleIndex(rules);
        for (int i = 0; i < RuleIndex.CACHE_LIMIT * 3; i++) {
            String name = (i % 2 == 0 ? "refund.n" : "x.n") + i + (i % 3 == 0 ? ".read" : "");
            assertThat(index.candidates(name)).containsExactly(scan(rules, name));
            assertThat(index.cached()).isLessThanOrEqualTo(RuleIndex.CACHE_LIMIT);
        }
        assertThat(index.candidates("shell.exec")).containsExactly(rules[2]);
    }

    private static Rule[] randomRules(Random random, int count) {
        Rule[] rules = new Rule[count];
        for (int i = 0; i < count; i++) {
            if (random.nextInt(10) == 0) {
                rules[i] = new Rule("r" + i, Decision.ALLOW, PolicyMode.ENFORCE, "", "t", null, new Condition[0]);
                continue;
            }
            String[] patterns = new String[1 + random.nextInt(2)];
            for (int p = 0; p < patterns.length; p++) {
                patterns[p] = PATTERNS[random.nextInt(PATTERNS.length)];
            }
            rules[i] = rule("r" + i, patterns);
        }
        return rules;
    }

    private static Rule rule(String id, String... patterns) {
        Glob[] globs = Arrays.stream(patterns).map(Glob::ignoringCase).toArray(Glob[]::new);
        return new Rule(id, Decision.DENY, PolicyMode.ENFORCE, "", "t", new Conditions.CapabilityMatch(globs),
                new Condition[0]);
    }

    /** Every rule, in order, whose capability covers the event's: what the index must answer. */
    private static Rule[] scan(Rule[] rules, String capability) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.capability == null || Arrays.stream(r.capability.patterns)
                    .anyMatch(g -> Conditions.CapabilityMatch.covers(g, capability))) {
                out.add(r);
            }
        }
        return out.toArray(Rule[]::new);
    }

    private static String describe(Rule[] rules) {
        return Arrays.stream(rules)
                .map(r -> r.id + "=" + (r.capability == null ? "-" : Arrays.toString(r.capability.patterns)))
                .toList().toString();
    }
}
