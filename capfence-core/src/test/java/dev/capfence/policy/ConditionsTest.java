package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule key and every {@code when} operator, each with an event it must match and one it must not,
 * through the public API. A deny rule with id {@code r} is the probe: it matched when the verdict is
 * {@code deny} by {@code r}, and did not when the verdict is the default denial ({@code no_matching_rule}).
 */
class ConditionsTest {

    // ---------------------------------------------------------------- helpers

    /** A policy with one deny rule {@code r} made of {@code body} (YAML lines of the rule, unindented). */
    static Policy denyRule(String body) {
        return Policy.parse("deny:\n  - id: r\n" + indent(body, "    "), "conditions.yaml");
    }

    /** A policy with one allow rule {@code r} made of {@code body}. */
    static Policy allowRule(String body) {
        return Policy.parse("allow:\n  - id: r\n" + indent(body, "    "), "conditions.yaml");
    }

    static String indent(String body, String by) {
        StringBuilder b = new StringBuilder();
        for (String line : body.strip().split("\n")) {
            b.append(by).append(line).append('\n');
        }
        return b.toString();
    }

    static boolean denyMatches(String body, ActionEvent e) {
        Verdict v = ActionRuntime.fromPolicy(denyRule(body)).evaluate(e);
        if (v.decision() == Decision.DENY && "r".equals(v.ruleId())) {
            assertThat(v.reasonCode().wireName()).isEqualTo("policy_deny");
            return true;
        }
        assertThat(v.reasonCode().wireName()).as("a deny rule that does not match leaves the default denial").isEqualTo("no_matching_rule");
        return false;
    }

    static boolean allowMatches(String body, ActionEvent e) {
        Verdict v = ActionRuntime.fromPolicy(allowRule(body)).evaluate(e);
        if (v.decision() == Decision.ALLOW) {
            assertThat(v.ruleId()).isEqualTo("r");
            assertThat(v.reasonCode().wireName()).isEqualTo("policy_allow");
            assertThat(v.authorized()).isTrue();
            return true;
        }
        assertThat(v.decision()).isEqualTo(Decision.DENY);
        assertThat(v.reasonCode().wireName()).isEqualTo("no_matching_rule");
        assertThat(v.authorized()).isFalse();
        return false;
    }

    static ActionEvent payload(Map<String, ?> payload) {
        return ActionEvent.builder().actor("agent").capability("tool.run").payload(payload).build();
    }

    static ActionEvent payload(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, value);
        return payload(m);
    }

    static ActionEvent context(Map<String, ?> context) {
        return ActionEvent.builder().actor("agent").capability("tool.run").context(context).build();
    }

    static ActionEvent capability(String capability) {
        return ActionEvent.builder().actor("agent").capability(capability).build();
    }

    // ---------------------------------------------------------------- capability

    @Nested
    class Capability {

        @Test
        void exactCapability() {
            assertThat(denyMatches("capability: payments.refund", capability("payments.refund"))).isTrue();
            assertThat(denyMatches("capability: payments.refund", capability("payments.charge"))).isFalse();
        }

        @Test
        void aRuleCoversSubCapabilitiesButNotSiblingsOrParents() {
            String rule = "capability: shell.exec";
            assertThat(denyMatches(rule, capability("shell.exec.production"))).isTrue();
            assertThat(denyMatches(rule, capability("shell.exec.production.eu"))).isTrue();
            assertThat(denyMatches(rule, capability("shell.execute"))).as("no raw string prefix").isFalse();
            assertThat(denyMatches(rule, capability("shell"))).as("a parent is not covered").isFalse();
            assertThat(denyMatches(rule, capability("x.shell.exec"))).isFalse();
        }

        @Test
        void globStar() {
            assertThat(denyMatches("capability: \"payments.*\"", capability("payments.refund"))).isTrue();
            assertThat(denyMatches("capability: \"payments.*\"", capability("payments.refund.large"))).isTrue();
            assertThat(denyMatches("capability: \"payments.*\"", capability("payment.refund"))).isFalse();
            assertThat(denyMatches("capability: \"*\"", capability("anything.at.all"))).isTrue();
            assertThat(denyMatches("capability: \"*.delete\"", capability("db.rows.delete"))).isTrue();
            assertThat(denyMatches("capability: \"*.delete\"", capability("db.rows.deleted"))).isFalse();
        }

        @Test
        void globStarRequiresTheDotWhenWrittenWithOne() {
            // "shell.exec.*" needs something after "shell.exec."; prefix semantics only strip segments from the event
            assertThat(denyMatches("capability: \"shell.exec.*\"", capability("shell.exec.production"))).isTrue();
            assertThat(denyMatches("capability: \"shell.exec.*\"", capability("shell.exec"))).isFalse();
        }

        @Test
        void globQuestionMark() {
            assertThat(denyMatches("capability: \"db.v?\"", capability("db.v2"))).isTrue();
            assertThat(denyMatches("capability: \"db.v?\"", capability("db.v2.read"))).as("prefix semantics").isTrue();
            assertThat(denyMatches("capability: \"db.v?\"", capability("db.v10"))).isFalse();
            assertThat(denyMatches("capability: \"db.v?\"", capability("db.v"))).isFalse();
        }

        @Test
        void listOfCapabilitiesIsAnyOf() {
            String rule = "capability: [payments.refund, \"shell.*\"]";
            assertThat(denyMatches(rule, capability("payments.refund"))).isTrue();
            assertThat(denyMatches(rule, capability("shell.exec"))).isTrue();
            assertThat(denyMatches(rule, capability("db.query"))).isFalse();
        }

        @Test
        void derivedCapabilityIsResourceActionEnvironment() {
            ActionEvent e = ActionEvent.create("agent", "shell", "exec", "production", Map.of());
            assertThat(e.capability()).isEqualTo("shell.exec.production");
            assertThat(denyMatches("capability: shell.exec.production", e)).isTrue();
            assertThat(denyMatches("capability: shell.exec", e)).isTrue();
            assertThat(denyMatches("capability: shell.exec.staging", e)).isFalse();

            ActionEvent noEnv = ActionEvent.create("agent", "shell", "exec", null, Map.of());
            assertThat(noEnv.capability()).isEqualTo("shell.exec");
            assertThat(denyMatches("capability: shell.exec.production", noEnv)).isFalse();
        }

        @Test
        void explicitCapabilityWinsOverDerivation() {
            ActionEvent e = ActionEvent.builder().actor("a").resource("shell").action("exec").environment("prod")
                    .capability("shell.read").build();
            assertThat(e.capability()).isEqualTo("shell.read");
            assertThat(denyMatches("capability: shell.exec", e)).isFalse();
            assertThat(denyMatches("capability: shell.read", e)).isTrue();
        }

        @Test
        void decisionsDoNotDependOnHowManyCapabilitiesWereSeenBefore() {
            // the rule index caches candidates per capability up to a bound; past it, answers must not change
            ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse("""
                    deny:
                      - id: no-prod
                        capability: shell.exec.production
                      - id: no-drop
                        capability: "db.*.drop"
                    allow:
                      - id: shell
                        capability: shell
                      - id: db
                        capability: "db.*"
                    """, "index.yaml"));
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 5_000; i++) {
                    String suffix = "t" + i;
                    assertThat(rt.evaluate(capability("shell.exec.production." + suffix)).ruleId()).isEqualTo("no-prod");
                    assertThat(rt.evaluate(capability("shell.exec." + suffix)).ruleId()).isEqualTo("shell");
                    assertThat(rt.evaluate(capability("db." + suffix + ".drop")).ruleId()).isEqualTo("no-drop");
                    assertThat(rt.evaluate(capability("db." + suffix + ".read")).ruleId()).isEqualTo("db");
                    assertThat(rt.evaluate(capability("other." + suffix)).reasonCode().wireName()).isEqualTo("no_matching_rule");
                }
            }
        }

        @Test
        void aRuleWithoutCapabilityAppliesToEveryCapability() {
            assertThat(denyMatches("actor: agent", capability("anything"))).isTrue();
            assertThat(denyMatches("actor: agent", capability("other.thing"))).isTrue();
        }
    }

    // ---------------------------------------------------------------- envelope and context fields

    @Nested
    class Fields {

        @Test
        void actorStringListAndGlob() {
            ActionEvent e = ActionEvent.builder().actor("ops-agent").capability("x").build();
            assertThat(denyMatches("actor: ops-agent", e)).isTrue();
            assertThat(denyMatches("actor: support-agent", e)).isFalse();
            assertThat(denyMatches("actor: [support-agent, ops-agent]", e)).isTrue();
            assertThat(denyMatches("actor: \"ops-*\"", e)).isTrue();
            assertThat(denyMatches("actor: \"*-bot\"", e)).isFalse();
            assertThat(denyMatches("actor: \"ops?agent\"", e)).isTrue();
        }

        @Test
        void toolAndEnvironment() {
            ActionEvent e = ActionEvent.builder().actor("a").tool("shell.exec").resource("host").action("run")
                    .environment("production").build();
            assertThat(denyMatches("tool: shell.exec", e)).isTrue();
            assertThat(denyMatches("tool: shell.read", e)).isFalse();
            assertThat(denyMatches("tool: \"shell.*\"", e)).isTrue();
            assertThat(denyMatches("environment: production", e)).isTrue();
            assertThat(denyMatches("environment: [staging, dev]", e)).isFalse();
            assertThat(denyMatches("environment: \"prod*\"", e)).isTrue();
        }

        @Test
        void aMissingFieldMatchesNoGlobNotEvenStar() {
            ActionEvent e = ActionEvent.builder().actor("a").capability("x").build();
            assertThat(denyMatches("tool: \"*\"", e)).isFalse();
            assertThat(denyMatches("environment: \"*\"", e)).isFalse();
            assertThat(denyMatches("tenant: \"*\"", e)).isFalse();
        }

        @Test
        void tenantAndUserRoleComeFromContext() {
            ActionEvent e = context(Map.of("tenant", "acme", "user_role", "admin"));
            assertThat(denyMatches("tenant: acme", e)).isTrue();
            assertThat(denyMatches("tenant: globex", e)).isFalse();
            assertThat(denyMatches("user_role: [admin, owner]", e)).isTrue();
            assertThat(denyMatches("user_role: viewer", e)).isFalse();
            // the payload does not stand in for the context
            assertThat(denyMatches("tenant: acme", payload(Map.of("tenant", "acme")))).isFalse();
        }

        @Test
        void riskLevelFromContextOnly() {
            assertThat(denyMatches("risk_level: high", context(Map.of("risk_level", "high")))).isTrue();
            assertThat(denyMatches("risk_level: high", context(Map.of("risk_level", "HIGH")))).as("ignores case").isTrue();
            assertThat(allowMatches("risk_level: low", payload("risk_level", "low")))
                    .as("a model-written payload risk level decides nothing").isFalse();
            ActionEvent both = ActionEvent.builder().actor("a").capability("x")
                    .context(Map.of("risk_level", "low")).payload(Map.of("risk_level", "high")).build();
            assertThat(denyMatches("risk_level: high", both)).as("context only").isFalse();
        }

        @Test
        void toolNameFromPayloadElseEventTool() {
            assertThat(denyMatches("tool_name: delete_file", payload("tool_name", "delete_file"))).isTrue();
            assertThat(denyMatches("tool_name: delete_file", payload("tool_name", "read_file"))).isFalse();
            ActionEvent toolOnly = ActionEvent.builder().actor("a").capability("x").tool("delete_file").build();
            assertThat(denyMatches("tool_name: delete_file", toolOnly)).isTrue();
            ActionEvent both = ActionEvent.builder().actor("a").capability("x").tool("read_file")
                    .payload(Map.of("tool_name", "delete_file")).build();
            assertThat(denyMatches("tool_name: \"delete_*\"", both)).as("either name can trigger a deny").isTrue();
            assertThat(allowMatches("tool_name: \"read_*\"", both))
                    .as("an allow needs the event's tool and the payload's tool_name to match").isFalse();
            ActionEvent same = ActionEvent.builder().actor("a").capability("x").tool("read_file")
                    .payload(Map.of("tool_name", "read_file")).build();
            assertThat(allowMatches("tool_name: \"READ_*\"", same)).as("ignores case").isTrue();
        }

        @Test
        void tableReadsTableAndTables() {
            assertThat(denyMatches("table: users", payload("table", "users"))).isTrue();
            assertThat(denyMatches("table: users", payload("table", "orders"))).isFalse();
            assertThat(denyMatches("table: users", payload("tables", List.of("orders", "users")))).isTrue();
            assertThat(denyMatches("table: \"audit_*\"", payload("tables", List.of("audit_log")))).isTrue();
            assertThat(denyMatches("table: users", payload(Map.of()))).isFalse();
        }

        @Test
        void tableAsAListAndTablesAsAStringAreReadToo() {
            assertThat(denyMatches("table: users", payload("table", List.of("orders", "users")))).isTrue();
            assertThat(denyMatches("table: users", payload("tables", "users"))).isTrue();
            // an allow rule must see every table, whichever of the two keys and shapes names it
            assertThat(allowMatches("table: orders",
                    payload(Map.of("table", List.of("users"), "tables", List.of("orders"))))).isFalse();
            assertThat(allowMatches("table: orders", payload(Map.of("table", "orders", "tables", "users")))).isFalse();
            assertThat(allowMatches("table: orders", payload("table", List.of("orders")))).isTrue();
        }

        @Test
        void tableInAnAllowRuleNeedsEveryTable() {
            assertThat(allowMatches("table: [orders, products]", payload("tables", List.of("orders", "products")))).isTrue();
            assertThat(allowMatches("table: [orders, products]", payload("tables", List.of("orders", "users")))).isFalse();
            assertThat(allowMatches("table: orders",
                    payload(Map.of("table", "orders", "tables", List.of("users"))))).isFalse();
            assertThat(allowMatches("table: orders", payload(Map.of()))).as("at least one table").isFalse();
        }
    }

    // ---------------------------------------------------------------- text

    @Nested
    class Text {

        @Test
        void containsFindsASubstringInAnyPayloadString() {
            assertThat(denyMatches("contains: \"rm -rf\"", payload("command", "sudo rm -rf /"))).isTrue();
            assertThat(denyMatches("contains: \"rm -rf\"", payload("command", "rm -r /tmp/x"))).isFalse();
            assertThat(denyMatches("contains: [\"drop table\", \"truncate\"]", payload("sql", "TRUNCATE t"))).isTrue();
        }

        @Test
        void containsReadsNestedStringsButNotKeys() {
            assertThat(denyMatches("contains: secret",
                    payload("args", Map.of("list", List.of("a", Map.of("deep", "the secret")))))).isTrue();
            assertThat(denyMatches("contains: secret", payload("secret", "value"))).as("keys are not text").isFalse();
            assertThat(denyMatches("contains: \"42\"", payload("n", 42))).as("numbers are not text").isFalse();
        }

        @Test
        void containsIsCaseInsensitive() {
            assertThat(denyMatches("contains: \"DROP TABLE\"", payload("sql", "drop table users"))).isTrue();
            assertThat(denyMatches("contains: \"drop table\"", payload("sql", "DROP TABLE users"))).isTrue();
        }

        @Test
        void containsWithNoPayloadStringsDoesNotMatch() {
            assertThat(denyMatches("contains: x", payload(Map.of()))).isFalse();
            assertThat(denyMatches("contains: x", payload("n", 1))).isFalse();
        }

        @Test
        void matchKeywordsWithoutThresholdIsAnyKeyword() {
            String rule = "match_keywords: [ssn, passport, \"credit card\"]";
            assertThat(denyMatches(rule, payload("text", "my Passport number"))).isTrue();
            assertThat(denyMatches(rule, payload("text", "my library card"))).isFalse();
        }

        @Test
        void matchKeywordsThresholdIsTheShareOfKeywordsFound() {
            String rule = "match_keywords: [ssn, passport, dob]\nthreshold: 0.6";
            assertThat(denyMatches(rule, payload("text", "ssn and passport"))).as("2/3 >= 0.6").isTrue();
            assertThat(denyMatches(rule, payload("text", "only the ssn"))).as("1/3 < 0.6").isFalse();
            // keywords may be spread over several strings
            assertThat(denyMatches(rule, payload(Map.of("a", "ssn", "b", "DOB")))).isTrue();
            // a keyword found twice still counts once
            assertThat(denyMatches(rule, payload(Map.of("a", "ssn", "b", "ssn again")))).isFalse();
        }

        @Test
        void matchKeywordsThresholdOneNeedsEveryKeyword() {
            String rule = "match_keywords: [alpha, beta]\nthreshold: 1";
            assertThat(denyMatches(rule, payload("t", "alpha beta"))).isTrue();
            assertThat(denyMatches(rule, payload("t", "alpha"))).isFalse();
        }

        @Test
        void matchRegexIsCaseInsensitiveAndFindsAnywhere() {
            String rule = "match_regex: \"\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b\"";
            assertThat(denyMatches(rule, payload("note", "ssn 123-45-6789 here"))).isTrue();
            assertThat(denyMatches(rule, payload("note", "ssn 123-456-789 here"))).isFalse();
            assertThat(denyMatches("match_regex: \"^delete\\\\s+from\"", payload("sql", "DELETE   FROM users"))).isTrue();
            assertThat(denyMatches("match_regex: \"^delete from\"", payload("sql", "select 1; delete from users"))).isFalse();
        }

        @Test
        void matchRegexListIsAnyPattern() {
            String rule = "match_regex: [\"^rm \", \"mkfs\"]";
            assertThat(denyMatches(rule, payload("c", "mkfs.ext4 /dev/sda"))).isTrue();
            assertThat(denyMatches(rule, payload("c", "ls -la"))).isFalse();
        }

        @Test
        void containsInAnAllowRuleMustHoldForEveryString() {
            assertThat(allowMatches("contains: report", payload(Map.of("a", "report.pdf", "b", "q3 report")))).isTrue();
            assertThat(allowMatches("contains: report", payload(Map.of("a", "report.pdf", "b", "/etc/shadow")))).isFalse();
            assertThat(allowMatches("contains: report", payload(Map.of()))).isFalse();
        }
    }

    // ---------------------------------------------------------------- numbers

    @Nested
    class Amounts {

        @Test
        void boundariesOfEachComparison() {
            assertThat(denyMatches("amount_gt: 1000", payload("amount", 1001))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", 1000))).isFalse();
            assertThat(denyMatches("amount_gte: 1000", payload("amount", 1000))).isTrue();
            assertThat(denyMatches("amount_gte: 1000", payload("amount", 999))).isFalse();
            assertThat(denyMatches("amount_lt: 1000", payload("amount", 999))).isTrue();
            assertThat(denyMatches("amount_lt: 1000", payload("amount", 1000))).isFalse();
            assertThat(denyMatches("amount_lte: 1000", payload("amount", 1000))).isTrue();
            assertThat(denyMatches("amount_lte: 1000", payload("amount", 1001))).isFalse();
        }

        @Test
        void rangeFromTwoComparisons() {
            String rule = "amount_gte: 100\namount_lt: 200";
            assertThat(denyMatches(rule, payload("amount", 100))).isTrue();
            assertThat(denyMatches(rule, payload("amount", 199.99))).isTrue();
            assertThat(denyMatches(rule, payload("amount", 200))).isFalse();
            assertThat(denyMatches(rule, payload("amount", 99))).isFalse();
        }

        @Test
        void decimalExactness() {
            double sum = 0.1 + 0.2;
            assertThat(sum).isEqualTo(0.30000000000000004);
            assertThat(denyMatches("amount_gt: 0.3", payload("amount", sum))).as("the double really is above 0.3").isTrue();
            assertThat(denyMatches("amount_gt: 0.3", payload("amount", "0.3"))).isFalse();
            assertThat(denyMatches("amount_gt: 0.3", payload("amount", 0.3))).as("0.3 as a double reads as 0.3").isFalse();
            assertThat(denyMatches("amount_gte: 0.3", payload("amount", 0.3))).isTrue();
            assertThat(denyMatches("amount_lte: 0.3", payload("amount", new BigDecimal("0.30")))).isTrue();
            assertThat(denyMatches("amount_gt: 0.1", payload("amount", new BigDecimal("0.1000000000000000000001")))).isTrue();
            assertThat(denyMatches("amount_gt: 1000.005", payload("amount", "1000.0049999999999"))).isFalse();
        }

        @Test
        void integralTypesAndLargeNumbers() {
            assertThat(denyMatches("amount_gt: 1000", payload("amount", 1001L))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", (short) 1001))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", new BigInteger("99999999999999999999999")))).isTrue();
            assertThat(denyMatches("amount_gt: 1000.5", payload("amount", 1001))).isTrue();
            assertThat(denyMatches("amount_gt: 1000.5", payload("amount", 1000))).isFalse();
            assertThat(denyMatches("amount_lt: -5", payload("amount", -6))).isTrue();
            assertThat(denyMatches("amount_gt: 9223372036854775807", payload("amount", Long.MAX_VALUE))).isFalse();
            assertThat(denyMatches("amount_gt: 9223372036854775806", payload("amount", Long.MAX_VALUE))).isTrue();
        }

        @Test
        void numericStrings() {
            assertThat(denyMatches("amount_gt: 1000", payload("amount", "5000"))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", " 5000 "))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", "1e4"))).isTrue();
            assertThat(denyMatches("amount_gt: 1000", payload("amount", "999.99"))).isFalse();
            assertThat(denyMatches("amount_lt: 0", payload("amount", "-0.01"))).isTrue();
        }

        @Test
        void unreadableAmountsSatisfyDenyRulesAndNoAllowRule() {
            // "1,000,000" must not slip under an approval threshold, nor pass an allow for small amounts
            for (Object amount : new Object[] {"lots", "1,000,000", "", "NaN", "Infinity", "0x10", true, false,
                    List.of(5000), Map.of("value", 5000), Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThat(denyMatches("amount_gt: 10", payload("amount", amount))).as("gt %s", amount).isTrue();
                assertThat(denyMatches("amount_lt: 10", payload("amount", amount))).as("lt %s", amount).isTrue();
                assertThat(allowMatches("amount_lte: 10", payload("amount", amount))).as("allow %s", amount).isFalse();
            }
            assertThat(denyMatches("amount_gt: 10", payload(Map.of()))).as("missing").isFalse();
        }

        @Test
        void amountIsTopLevelPayloadOnly() {
            assertThat(denyMatches("amount_gt: 10", payload("order", Map.of("amount", 5000)))).isFalse();
            assertThat(denyMatches("amount_gt: 10", context(Map.of("amount", 5000)))).isFalse();
        }

        @Test
        void callerDepthFromContext() {
            assertThat(denyMatches("caller_depth_gt: 3", context(Map.of("caller_depth", 4)))).isTrue();
            assertThat(denyMatches("caller_depth_gt: 3", context(Map.of("caller_depth", 3)))).isFalse();
            assertThat(denyMatches("caller_depth_gte: 3", context(Map.of("caller_depth", 3)))).isTrue();
            assertThat(denyMatches("caller_depth_lt: 2", context(Map.of("caller_depth", 1)))).isTrue();
            assertThat(denyMatches("caller_depth_lte: 2", context(Map.of("caller_depth", 3)))).isFalse();
            assertThat(denyMatches("caller_depth_gt: 3", context(Map.of("caller_depth", "7")))).isTrue();
            assertThat(denyMatches("caller_depth_gt: 3", payload("caller_depth", 7))).as("not from payload").isFalse();
            assertThat(denyMatches("caller_depth_gt: 3", context(Map.of()))).isFalse();
        }
    }

    // ---------------------------------------------------------------- path_prefix

    @Nested
    class PathPrefix {

        @Test
        void everyPathKeyIsRead() {
            for (String key : List.of("path", "file", "filepath", "filename", "target", "directory", "root")) {
                assertThat(denyMatches("path_prefix: /etc", payload(key, "/etc/passwd"))).as(key).isTrue();
                assertThat(denyMatches("path_prefix: /etc", payload(key, "/srv/etc/passwd"))).as(key).isFalse();
            }
            assertThat(denyMatches("path_prefix: /etc", payload("destination", "/etc/passwd")))
                    .as("not a path key").isFalse();
        }

        @Test
        void listOfPaths() {
            assertThat(denyMatches("path_prefix: /etc", payload("path", List.of("/tmp/a", "/etc/hosts")))).isTrue();
            assertThat(allowMatches("path_prefix: /tmp", payload("path", List.of("/tmp/a", "/etc/hosts")))).isFalse();
            assertThat(allowMatches("path_prefix: /tmp", payload("path", List.of("/tmp/a", "/tmp/b")))).isTrue();
        }

        @Test
        void prefixItselfIsWithin() {
            assertThat(denyMatches("path_prefix: /srv/app", payload("path", "/srv/app"))).isTrue();
            assertThat(denyMatches("path_prefix: /srv/app/", payload("path", "/srv/app"))).isTrue();
            assertThat(denyMatches("path_prefix: /srv/app", payload("path", "/srv/app/"))).isTrue();
        }

        @Test
        void homeAndRelativeRootsAreSeparate() {
            assertThat(denyMatches("path_prefix: \"~/.ssh\"", payload("path", "~/.ssh/id_rsa"))).isTrue();
            assertThat(denyMatches("path_prefix: \"~/.ssh\"", payload("path", ".ssh/id_rsa"))).isFalse();
            assertThat(denyMatches("path_prefix: /home", payload("path", "home/x"))).isFalse();
            assertThat(denyMatches("path_prefix: ./data", payload("path", "data/x.csv"))).isTrue();
        }

        @Test
        void noPathMeansNoMatch() {
            assertThat(denyMatches("path_prefix: /", payload("command", "/etc/passwd"))).isFalse();
            assertThat(allowMatches("path_prefix: /", payload(Map.of()))).isFalse();
        }
    }

    // ---------------------------------------------------------------- when

    @Nested
    class When {

        final ActionEvent order = ActionEvent.builder()
                .id("evt-1").actor("billing-bot").tool("stripe").resource("payments").action("refund")
                .environment("production")
                .payload(Map.of(
                        "amount", 250.50,
                        "currency", "EUR",
                        "note", "Refund for Order #42",
                        "customer", Map.of("tier", "gold", "country", "DE"),
                        "tags", List.of("vip", "priority"),
                        "items", List.of(Map.of("sku", "A1", "price", 100), Map.of("sku", "B2", "price", 150.5)),
                        "empty_text", "",
                        "empty_list", List.of(),
                        "flag", true))
                .context(Map.of("tenant", "acme", "caller_depth", 2, "trace", Map.of("span", "s-9"))).build();

        boolean deny(String when) {
            return denyMatches("when:\n" + indent(when, "  "), order);
        }

        boolean allow(String when) {
            return allowMatches("when:\n" + indent(when, "  "), order);
        }

        @Test
        void envelopePaths() {
            assertThat(deny("actor: {eq: billing-bot}")).isTrue();
            assertThat(deny("actor: {eq: other}")).isFalse();
            assertThat(deny("tool: {eq: stripe}")).isTrue();
            assertThat(deny("capability: {eq: payments.refund.production}")).isTrue();
            assertThat(deny("resource: {eq: payments}")).isTrue();
            assertThat(deny("action: {eq: refund}")).isTrue();
            assertThat(deny("action: {eq: charge}")).isFalse();
            assertThat(deny("environment: {eq: production}")).isTrue();
            assertThat(deny("id: {eq: evt-1}")).isTrue();
            assertThat(deny("id: {eq: evt-2}")).isFalse();
        }

        @Test
        void payloadAndContextPaths() {
            assertThat(deny("payload.customer.tier: {eq: gold}")).isTrue();
            assertThat(deny("payload.customer.tier: {eq: silver}")).isFalse();
            assertThat(deny("payload.customer.missing: {eq: gold}")).isFalse();
            assertThat(deny("payload.items[0].sku: {eq: A1}")).isTrue();
            assertThat(deny("payload.items[1].sku: {eq: A1}")).isFalse();
            assertThat(deny("payload.items[5].sku: {exists: true}")).as("index past the end").isFalse();
            assertThat(deny("payload.tags[1]: {eq: priority}")).isTrue();
            assertThat(deny("context.tenant: {eq: acme}")).isTrue();
            assertThat(deny("context.trace.span: {eq: s-9}")).isTrue();
            assertThat(deny("context.tenant: {eq: globex}")).isFalse();
        }

        @Test
        void eqAndNe() {
            assertThat(deny("payload.currency: {eq: EUR}")).isTrue();
            assertThat(deny("payload.currency: {eq: eur}")).as("eq is exact").isFalse();
            assertThat(deny("payload.currency: {ne: USD}")).isTrue();
            assertThat(deny("payload.currency: {ne: EUR}")).isFalse();
            assertThat(deny("payload.nothing: {ne: EUR}")).as("a missing value satisfies no comparison").isFalse();
        }

        @Test
        void eqComparesNumbersByValueAndBooleans() {
            assertThat(deny("payload.amount: {eq: 250.5}")).isTrue();
            assertThat(deny("payload.amount: {eq: 250.50}")).isTrue();
            assertThat(deny("payload.amount: {eq: 250}")).isFalse();
            assertThat(deny("context.caller_depth: {eq: 2.0}")).isTrue();
            assertThat(deny("payload.flag: {eq: true}")).isTrue();
            assertThat(deny("payload.flag: {eq: false}")).isFalse();
            assertThat(deny("payload.flag: {eq: 1}")).as("a boolean is not a number").isFalse();
            assertThat(deny("payload.customer: {eq: gold}")).as("a mapping equals no scalar").isFalse();
        }

        @Test
        void shorthandValueIsEqAndListIsIn() {
            assertThat(deny("payload.currency: EUR")).isTrue();
            assertThat(deny("payload.currency: USD")).isFalse();
            assertThat(deny("payload.currency: [USD, EUR]")).isTrue();
            assertThat(deny("payload.currency: [USD, GBP]")).isFalse();
            assertThat(deny("payload.amount: 250.5")).isTrue();
        }

        @Test
        void inAndNotIn() {
            assertThat(deny("payload.customer.country: {in: [DE, FR]}")).isTrue();
            assertThat(deny("payload.customer.country: {in: [US, GB]}")).isFalse();
            assertThat(deny("payload.customer.country: {not_in: [US, GB]}")).isTrue();
            assertThat(deny("payload.customer.country: {not_in: [DE]}")).isFalse();
            assertThat(deny("context.caller_depth: {in: [1, 2, 3]}")).isTrue();
        }

        @Test
        void orderingIsDecimalExact() {
            assertThat(deny("payload.amount: {gt: 250.49}")).isTrue();
            assertThat(deny("payload.amount: {gt: 250.5}")).isFalse();
            assertThat(deny("payload.amount: {gte: 250.5}")).isTrue();
            assertThat(deny("payload.amount: {lt: 250.51}")).isTrue();
            assertThat(deny("payload.amount: {lt: 250.5}")).isFalse();
            assertThat(deny("payload.amount: {lte: 250.5}")).isTrue();
            assertThat(deny("payload.amount: {lte: 250.49}")).isFalse();
            assertThat(denyMatches("when: {payload.x: {gt: 0.3}}", payload("x", 0.1 + 0.2))).isTrue();
            assertThat(denyMatches("when: {payload.x: {gt: 0.3}}", payload("x", "0.3"))).isFalse();
            assertThat(denyMatches("when: {payload.x: {gte: 0.3}}", payload("x", "0.30"))).isTrue();
        }

        @Test
        void orderingOnNonNumbersCountsAgainstTheAction() {
            // a value that is not a number cannot be shown to be under a bound
            assertThat(deny("payload.currency: {gt: 0}")).isTrue();
            assertThat(deny("payload.currency: {lt: 0}")).isTrue();
            assertThat(deny("payload.flag: {gte: 0}")).as("booleans are not numbers").isTrue();
            assertThat(allow("payload.currency: {lte: 1000}")).isFalse();
            assertThat(allow("payload.flag: {gte: 0}")).isFalse();
            assertThat(allow("not: {payload.currency: {gt: 1000}}")).as("flips under not").isFalse();
            assertThat(deny("payload.missing: {gt: 0}")).as("a missing field is not a value").isFalse();
        }

        @Test
        void containsOnStringsAndLists() {
            assertThat(deny("payload.note: {contains: \"order #42\"}")).as("case-folded").isTrue();
            assertThat(deny("payload.note: {contains: \"order #43\"}")).isFalse();
            assertThat(deny("payload.tags: {contains: vip}")).as("list membership").isTrue();
            assertThat(deny("payload.tags: {contains: VIP}")).isTrue();
            assertThat(deny("payload.tags: {contains: vi}")).as("list items compare whole").isFalse();
        }

        @Test
        void startsWithAndEndsWith() {
            assertThat(deny("payload.note: {starts_with: refund}")).isTrue();
            assertThat(deny("payload.note: {starts_with: order}")).isFalse();
            assertThat(deny("payload.note: {ends_with: \"#42\"}")).isTrue();
            assertThat(deny("payload.note: {ends_with: refund}")).isFalse();
        }

        @Test
        void glob() {
            assertThat(deny("payload.note: {glob: \"Refund*#42\"}")).isTrue();
            assertThat(deny("payload.note: {glob: \"Refund*#4\"}")).as("a glob matches the whole value").isFalse();
            assertThat(deny("capability: {glob: \"payments.*\"}")).isTrue();
            assertThat(deny("payload.items[*].sku: {glob: \"A?\"}")).isTrue();
        }

        @Test
        void matchesIsARegexSearch() {
            assertThat(deny("payload.note: {matches: \"#\\\\d+$\"}")).isTrue();
            assertThat(deny("payload.note: {matches: \"^Order\"}")).isFalse();
            assertThat(deny("payload.currency: {matches: \"^[A-Z]{3}$\"}")).isTrue();
            assertThat(deny("payload.amount: {matches: \"250\"}")).as("numbers are not text").isFalse();
        }

        @Test
        void exists() {
            assertThat(deny("payload.customer.tier: {exists: true}")).isTrue();
            assertThat(deny("payload.customer.vat: {exists: true}")).isFalse();
            assertThat(deny("payload.customer.vat: {exists: false}")).isTrue();
            assertThat(deny("payload.currency: {exists: false}")).isFalse();
            assertThat(deny("payload.empty_text: {exists: true}")).as("an empty string exists").isTrue();
        }

        @Test
        void empty() {
            assertThat(deny("payload.empty_text: {empty: true}")).isTrue();
            assertThat(deny("payload.empty_list: {empty: true}")).isTrue();
            assertThat(deny("payload.absent: {empty: true}")).as("a missing value is empty").isTrue();
            assertThat(deny("payload.currency: {empty: true}")).isFalse();
            assertThat(deny("payload.tags: {empty: false}")).isTrue();
            assertThat(deny("payload.empty_list: {empty: false}")).isFalse();
        }

        @Test
        void severalOperatorsOnOnePathMustAllHold() {
            assertThat(deny("payload.amount: {gt: 100, lt: 300}")).isTrue();
            assertThat(deny("payload.amount: {gt: 100, lt: 200}")).isFalse();
        }

        @Test
        void severalPathsMustAllHold() {
            assertThat(deny("payload.currency: EUR\ncontext.tenant: acme")).isTrue();
            assertThat(deny("payload.currency: EUR\ncontext.tenant: globex")).isFalse();
        }

        @Test
        void combinators() {
            assertThat(deny("any:\n  - payload.currency: USD\n  - context.tenant: acme")).isTrue();
            assertThat(deny("any:\n  - payload.currency: USD\n  - context.tenant: globex")).isFalse();
            assertThat(deny("all:\n  - payload.currency: EUR\n  - context.tenant: acme")).isTrue();
            assertThat(deny("all:\n  - payload.currency: EUR\n  - context.tenant: globex")).isFalse();
            assertThat(deny("not:\n  payload.currency: USD")).isTrue();
            assertThat(deny("not:\n  payload.currency: EUR")).isFalse();
            assertThat(deny("any:\n  - not: {payload.currency: EUR}\n  - all:\n      - actor: billing-bot\n"
                    + "      - payload.amount: {gt: 200}")).isTrue();
            assertThat(deny("any:\n  - not: {payload.currency: EUR}\n  - all:\n      - actor: billing-bot\n"
                    + "      - payload.amount: {gt: 300}")).isFalse();
        }

        @Test
        void wildcardInADenyRuleHoldsForAnyValue() {
            assertThat(deny("payload.items[*].price: {gt: 120}")).isTrue();
            assertThat(deny("payload.items[*].price: {gt: 200}")).isFalse();
            assertThat(deny("payload.items[*].sku: {eq: B2}")).isTrue();
        }

        @Test
        void wildcardInAnAllowRuleMustHoldForEveryValue() {
            assertThat(allow("payload.items[*].price: {lt: 200}")).isTrue();
            assertThat(allow("payload.items[*].price: {lt: 120}")).as("150.5 is not < 120").isFalse();
            assertThat(allow("payload.items[*].sku: {in: [A1, B2]}")).isTrue();
            assertThat(allow("payload.items[*].sku: {in: [A1]}")).isFalse();
            assertThat(allow("payload.items[*].weight: {lt: 10}")).as("at least one value must exist").isFalse();
        }

        @Test
        void aListElementWithoutTheFieldSatisfiesNoOperator() {
            ActionEvent items = payload("items", List.of(Map.of("amount", 5), Map.of("price", 9000)));
            assertThat(allowMatches("when:\n  payload.items[*].amount: {lte: 100}", items))
                    .as("the item without an amount is not shown to be small").isFalse();
            assertThat(denyMatches("when:\n  payload.items[*].amount: {lte: 100}", items)).isTrue();
            assertThat(denyMatches("when:\n  not:\n    payload.items[*].amount: {lte: 100}", items))
                    .as("not(every item small) holds").isTrue();
            assertThat(denyMatches("when:\n  payload.items[*].amount: {exists: true}", items)).isTrue();
        }

        @Test
        void underNotTheQuantifierFlips() {
            // deny: not(every price < 120) = some price >= 120
            assertThat(deny("not:\n  payload.items[*].price: {lt: 120}")).isTrue();
            assertThat(deny("not:\n  payload.items[*].price: {lt: 200}")).isFalse();
            // allow: not(some sku is B2) = no sku is B2
            assertThat(allow("not:\n  payload.items[*].sku: {eq: B2}")).isFalse();
            assertThat(allow("not:\n  payload.items[*].sku: {eq: Z9}")).isTrue();
            // double negation restores the allow quantifier
            assertThat(allow("not:\n  not:\n    payload.items[*].price: {lt: 120}")).isFalse();
            assertThat(allow("not:\n  not:\n    payload.items[*].price: {lt: 200}")).isTrue();
        }

        @Test
        void whenCombinesWithOtherConditions() {
            String rule = "capability: payments.refund\namount_gt: 100\nwhen: {payload.currency: EUR}";
            assertThat(denyMatches(rule, order)).isTrue();
            assertThat(denyMatches(rule, order.toBuilder().payload(Map.of("amount", 500, "currency", "USD")).build())).isFalse();
            assertThat(denyMatches(rule, order.toBuilder().payload(Map.of("amount", 50, "currency", "EUR")).build())).isFalse();
        }
    }

    // ---------------------------------------------------------------- combination

    @Test
    void everyConditionOfARuleMustHold() {
        String rule = "capability: shell.exec\nactor: ops-agent\nenvironment: production\ncontains: rm -rf";
        ActionEvent hit = ActionEvent.builder().actor("ops-agent").resource("shell").action("exec")
                .environment("production").payload(Map.of("command", "rm -rf /")).build();
        assertThat(denyMatches(rule, hit)).isTrue();
        assertThat(denyMatches(rule, hit.toBuilder().actor("dev-agent").build())).isFalse();
        assertThat(denyMatches(rule, hit.toBuilder().environment("staging").build())).isFalse();
        assertThat(denyMatches(rule, hit.toBuilder().payload(Map.of("command", "ls")).build())).isFalse();
        assertThat(denyMatches(rule, hit.toBuilder().resource("db").build())).isFalse();
    }

    @Test
    void legacyRulesWithAction() {
        String yaml = """
                enforcement_mode: block
                rules:
                  - id: block-rm
                    capability: shell.exec
                    match_keywords: ["rm -rf"]
                    action: block
                  - id: approve-sudo
                    capability: shell.exec
                    match_regex: "^sudo "
                    action: require_approval
                  - id: deny-drop
                    capability: db
                    contains: drop
                    action: deny
                  - id: allow-shell
                    capability: shell.exec
                    action: allow
                """;
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse(yaml, "legacy.yaml"));
        Verdict rm = rt.evaluate(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", "sudo rm -rf /")).build());
        assertThat(rm.decision()).isEqualTo(Decision.DENY);
        assertThat(rm.ruleId()).isEqualTo("block-rm");
        Verdict sudo = rt.evaluate(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", "sudo ls")).build());
        assertThat(sudo.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(sudo.ruleId()).isEqualTo("approve-sudo");
        Verdict drop = rt.evaluate(ActionEvent.builder().actor("a").capability("db.query")
                .payload(Map.of("sql", "DROP TABLE x")).build());
        assertThat(drop.decision()).isEqualTo(Decision.DENY);
        assertThat(drop.ruleId()).isEqualTo("deny-drop");
        Verdict ls = rt.evaluate(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", "ls")).build());
        assertThat(ls.decision()).isEqualTo(Decision.ALLOW);
        assertThat(ls.ruleId()).isEqualTo("allow-shell");
        assertThat(rt.policy().mode()).isEqualTo(PolicyMode.ENFORCE);
    }

    @Test
    void riskLevelsSectionTightensOnly() {
        String yaml = """
                risk_levels:
                  critical: {action: block}
                  high: {action: require_approval}
                  low: {action: allow}
                allow:
                  - capability: "*"
                """;
        ActionRuntime rt = ActionRuntime.fromPolicy(Policy.parse(yaml, "risk.yaml"));
        assertThat(rt.evaluate(context(Map.of("risk_level", "critical"))).decision()).isEqualTo(Decision.DENY);
        assertThat(rt.evaluate(context(Map.of("risk_level", "high"))).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
        assertThat(rt.evaluate(context(Map.of("risk_level", "low"))).decision()).isEqualTo(Decision.ALLOW);
        Policy onlyLow = Policy.parse("risk_levels:\n  low: {action: allow}\nallow:\n  - capability: nothing\n", "r.yaml");
        assertThat(ActionRuntime.fromPolicy(onlyLow).evaluate(context(Map.of("risk_level", "low"))).decision())
                .as("a level mapped to allow grants nothing").isEqualTo(Decision.DENY);
    }
}
