package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a policy can fail to load, each reported with file, line and column; and extends. */
class PolicyLoadErrorsTest {

    @TempDir
    Path dir;

    private static List<PolicyProblem> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(yaml, "bad.yaml"));
        assertThat(e).as("policy should not load:\n" + yaml).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems().stream().map(PolicyProblem::toString).toList()));
        return e.problems();
    }

    /** The single problem of a policy, asserted to be at line:column. */
    private static PolicyProblem problemAt(String yaml, int line, int column) {
        List<PolicyProblem> ps = problems(yaml);
        assertThat(ps).as("exactly one problem: %s", ps).hasSize(1);
        PolicyProblem p = ps.get(0);
        assertThat(p.source()).isEqualTo("bad.yaml");
        assertThat(p.line()).as("line of %s", p).isEqualTo(line);
        assertThat(p.column()).as("column of %s", p).isEqualTo(column);
        return p;
    }

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, yaml);
        return f;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ActionEvent shell(String command) {
        return ActionEvent.builder().actor("a").capability("shell.exec").payload(Map.of("command", command)).build();
    }

    // ---------------------------------------------------------------- keys

    @Test
    void aTypoInARuleKeyIsLocatedAndASuggestionMade() {
        PolicyProblem p = problemAt("""
                deny:
                  - capabilty: shell.exec
                    contains: rm
                """, 2, 5);
        assertThat(p.message()).contains("unknown key 'capabilty'").contains("did you mean 'capability'?");
        assertThat(p.toString()).startsWith("bad.yaml:2:5: unknown key 'capabilty'");
    }

    @Test
    void aTypoAtTheTopLevelIsLocated() {
        PolicyProblem p = problemAt("""
                version: 1
                alow:
                  - capability: x
                deny:
                  - capability: y
                """, 2, 1);
        assertThat(p.message()).contains("unknown key 'alow'").contains("did you mean 'allow'?");
    }

    @Test
    void aKeyFarFromEveryKnownOneGetsNoSuggestion() {
        PolicyProblem p = problemAt("deny:\n  - capability: x\n    frobnicate: 1\n", 3, 5);
        assertThat(p.message()).contains("unknown key 'frobnicate'").doesNotContain("did you mean");
    }

    @Test
    void actionIsOnlyForLegacyRules() {
        PolicyProblem p = problemAt("deny:\n  - capability: x\n    action: block\n", 3, 5);
        assertThat(p.message()).contains("action is only for rules under 'rules'");
    }

    @Test
    void unknownApprovalKeyAndLimitsAreRejected() {
        PolicyProblem p = problemAt("approval:\n  timout: 5m\nallow:\n  - capability: x\n", 2, 3);
        assertThat(p.message()).contains("unknown approval key 'timout'").contains("did you mean 'timeout'?");
        PolicyProblem limits = problemAt("limits:\n  max_count: 3\nallow:\n  - capability: x\n", 1, 1);
        assertThat(limits.message()).contains("limits must be a list");
    }

    @Test
    void duplicateKeysAreErrorsNotSilentOverrides() {
        PolicyProblem inRule = problemAt("""
                deny:
                  - capability: shell.exec
                    contains: "rm -rf"
                    contains: "ls"
                """, 4, 5);
        assertThat(inRule.message()).isEqualTo("duplicate key 'contains'");
        PolicyProblem top = problemAt("""
                allow:
                  - capability: a
                allow:
                  - capability: "*"
                """, 3, 1);
        assertThat(top.message()).isEqualTo("duplicate key 'allow'");
    }

    @Test
    void duplicateRuleIdsAcrossSections() {
        PolicyProblem p = problemAt("""
                deny:
                  - id: same
                    capability: a
                allow:
                  - id: same
                    capability: b
                """, 5, 5);
        assertThat(p.message()).isEqualTo("duplicate rule id 'same'");
    }

    // ---------------------------------------------------------------- types and values

    @Test
    void wrongTypes() {
        assertThat(problemAt("deny: 5\nallow:\n  - capability: x\n", 1, 7).message()).isEqualTo("deny must be a list of rules");
        assertThat(problemAt("deny:\n  - just a string\n", 2, 5).message()).contains("a rule is a mapping");
        assertThat(problemAt("deny:\n  - capability: {a: b}\n", 2, 17).message())
                .contains("capability must be a string or a list of strings; found a mapping");
        assertThat(problemAt("deny:\n  - capability: x\n    amount_gt: lots\n", 3, 16).message())
                .isEqualTo("amount_gt must be a number; found a string");
        assertThat(problemAt("deny:\n  - capability: x\n    caller_depth_gt: [1]\n", 3, 22).message())
                .contains("caller_depth_gt must be a number; found a list");
        assertThat(problemAt("deny:\n  - capability: x\n    id: [a]\n", 3, 9).message()).contains("id must be a string");
        assertThat(problemAt("mode: strict\nallow:\n  - capability: x\n", 1, 7).message()).contains("mode must be enforce or observe");
        assertThat(problemAt("enforcement_mode: loud\nallow:\n  - capability: x\n", 1, 19).message())
                .contains("enforcement_mode must be");
        assertThat(problemAt("deny:\n  - capability: x\n    contains: []\n", 3, 15).message()).contains("contains is an empty list");
        assertThat(problemAt("deny:\n  - capability: x\n    contains: [a, true]\n", 3, 19).message())
                .contains("contains must be a string or a list of strings; found a boolean");
    }

    @Test
    void thresholdRange() {
        assertThat(problemAt("deny:\n  - match_keywords: [a, b]\n    threshold: 1.5\n", 3, 16).message())
                .contains("threshold must be a number from 0 to 1");
        assertThat(problemAt("deny:\n  - match_keywords: [a, b]\n    threshold: -0.1\n", 3, 16).message())
                .contains("threshold must be a number from 0 to 1");
        assertThat(problemAt("deny:\n  - contains: a\n    threshold: 0.5\n", 3, 16).message())
                .contains("threshold applies to match_keywords");
    }

    @Test
    void badRegexIsLocatedAtThePattern() {
        PolicyProblem p = problemAt("""
                deny:
                  - capability: x
                    match_regex: ["ok", "(unclosed"]
                """, 3, 25);
        assertThat(p.message()).startsWith("bad regex:").contains("(unclosed");
    }

    @Test
    void badGlobs() {
        for (String glob : List.of("sh[ab]", "{a,b}", "a]", "x}")) {
            PolicyProblem p = problemAt("deny:\n  - capability: \"" + glob + "\"\n", 2, 17);
            assertThat(p.message()).as(glob).startsWith("bad glob '" + glob + "' in capability").contains("is not glob syntax");
        }
        assertThat(problemAt("deny:\n  - actor: \" ops\"\n", 2, 12).message()).contains("leading or trailing spaces");
        assertThat(problemAt("deny:\n  - tool: \"\"\n", 2, 11).message()).contains("it is empty");
        assertThat(problemAt("deny:\n  - capability: x\n    table: [users, \"t[0]\"]\n", 3, 20).message())
                .contains("bad glob 't[0]' in table");
    }

    @Test
    void badGlobInWhenIsAnErrorToo() {
        // a '[' would otherwise be taken literally, and a deny rule meant as a character class would never match
        PolicyProblem p = problemAt("""
                deny:
                  - capability: x
                    when:
                      payload.name: {glob: "[ab]*"}
                """, 4, 28);
        assertThat(p.message()).contains("payload.name").contains("'['");
    }

    @Test
    void emptyPolicies() {
        assertThat(problemAt("", 1, 1).message()).isEqualTo("empty policy file");
        assertThat(problemAt("# only a comment\n", 1, 1).message()).isEqualTo("empty policy file");
        assertThat(problemAt("version: 1\nname: nothing\n", 1, 1).message()).startsWith("empty policy: it defines no rules");
        assertThat(problemAt("deny: []\nallow: []\n", 1, 1).message()).startsWith("empty policy");
        assertThat(problemAt("- a\n- b\n", 1, 1).message()).contains("a policy is a mapping");
    }

    @Test
    void aRuleWithNoConditionsWouldMatchEverything() {
        PolicyProblem p = problemAt("""
                allow:
                  - capability: x
                  - id: everything
                    description: oops
                """, 3, 5);
        assertThat(p.message()).contains("rule has no conditions").contains("capability: \"*\"");
    }

    @Test
    void legacyRulesNeedAValidAction() {
        assertThat(problemAt("rules:\n  - id: a\n    capability: x\n", 2, 5).message())
                .contains("needs action: block, deny, allow or require_approval");
        assertThat(problemAt("rules:\n  - id: a\n    capability: x\n    action: warn\n", 4, 13).message())
                .contains("action must be block, deny, allow or require_approval");
    }

    @Test
    void invalidYamlIsLocated() {
        PolicyProblem p = problemAt("deny:\n  - capability: [a, b\n", 2, 22);
        assertThat(p.message()).startsWith("invalid YAML:");
    }

    @Test
    void aSecondYamlDocumentIsAnErrorNotSilentlyDropped() {
        // were the second document ignored, its deny rule would silently not apply
        PolicyProblem p = problemAt("""
                allow:
                  - capability: "*"
                ---
                deny:
                  - capability: shell.exec
                    contains: "rm -rf"
                """, 4, 1);
        assertThat(p.message()).contains("one YAML document");
        assertThat(Policy.parse("---\nallow:\n  - capability: x\n...\n", "markers.yaml").ruleCount())
                .as("document markers around a single document are fine").isEqualTo(1);
    }

    @Test
    void aYamlAliasIsAnErrorNotTheAliasName() {
        // the YAML parser reports *cap as the string "cap": the rule would silently test the wrong capability
        List<PolicyProblem> ps = problems("""
                deny:
                  - capability: &cap shell.exec
                    contains: "rm -rf"
                  - capability: *cap
                    contains: curl
                """);
        assertThat(ps).isNotEmpty().allSatisfy(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(17);
        });
        assertThat(ps.get(0).message()).contains("alias");
        assertThat(problems("deny:\n  - &r {capability: a, contains: b}\n  - *r\n").get(0).message()).contains("alias");
    }

    @Test
    void whenErrors() {
        PolicyProblem op = problemAt("deny:\n  - when: {payload.x: {gtx: 5}}\n", 2, 24);
        assertThat(op.message()).contains("unknown operator 'gtx'").contains("did you mean 'gt'?");
        assertThat(problemAt("deny:\n  - when: {paylod.x: {gt: 5}}\n", 2, 12).message()).contains("unknown field 'paylod.x'");
        assertThat(problemAt("deny:\n  - when: {payload.x: {gt: \"5\"}}\n", 2, 28).message()).contains("gt takes a number");
        assertThat(problemAt("deny:\n  - when: {payload.x: {in: 5}}\n", 2, 28).message()).contains("in takes a list");
        assertThat(problemAt("deny:\n  - when: {payload.x: {exists: yes-please}}\n", 2, 32).message())
                .contains("exists takes true or false");
        assertThat(problemAt("deny:\n  - when: {payload.x: {matches: \"(\"}}\n", 2, 33).message())
                .contains("invalid regular expression");
        assertThat(problemAt("deny:\n  - when:\n      payload.items[x].a: 1\n", 3, 7).message()).contains("bad index");
        assertThat(problemAt("deny:\n  - when: {actor.name: x}\n", 2, 12).message()).contains("'actor' has no fields");
        assertThat(problemAt("deny:\n  - when: []\n", 2, 11).message()).contains("when takes a non-empty mapping");
        assertThat(problemAt("deny:\n  - when: {any: {actor: x}}\n", 2, 12).message()).contains("any takes a non-empty list");
    }

    @Test
    void everyProblemIsReportedAtOnceInSourceOrder() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse("""
                versoin: 1
                deny:
                  - capabilty: shell.exec
                    contains: rm
                  - capability: db
                    amount_gt: lots
                allow:
                  - capability: "pay[ments"
                    match_regex: "("
                """, "many.yaml"));
        assertThat(e.problems()).extracting(PolicyProblem::toString).satisfiesExactly(
                s -> assertThat(s).startsWith("many.yaml:1:1: unknown key 'versoin'").contains("did you mean 'version'?"),
                s -> assertThat(s).startsWith("many.yaml:3:5: unknown key 'capabilty'"),
                s -> assertThat(s).startsWith("many.yaml:6:16: amount_gt must be a number"),
                s -> assertThat(s).startsWith("many.yaml:8:17: bad glob 'pay[ments'"),
                s -> assertThat(s).startsWith("many.yaml:9:18: bad regex"));
        assertThat(e.getMessage().lines()).hasSize(5);
    }

    @Test
    void lintReturnsTheProblemsOfAFile() throws Exception {
        Path f = write("lint.yaml", "deny:\n  - capabilty: x\n");
        List<PolicyProblem> ps = Policy.lint(f);
        assertThat(ps).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(f.toString());
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(5);
        });
        assertThat(Policy.lint(write("ok.yaml", "allow:\n  - capability: x\n"))).isEmpty();
        assertThat(Policy.lint(dir.resolve("missing.yaml"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no such file"));
    }

    // ---------------------------------------------------------------- examples

    @Test
    void examplesThatAgreeLoad() {
        Policy p = Policy.parse("""
                deny:
                  - id: r
                    capability: shell.exec
                    contains: "rm -rf"
                    examples:
                      match:
                        - command: "rm -rf /"
                        - command: "RM  -RF /tmp"
                        - {event: {capability: shell.exec.prod, payload: {command: "rm -rf /"}}}
                      not_match:
                        - command: "ls -la"
                        - {event: {capability: db.query, payload: {command: "rm -rf /"}}}
                """, "ok.yaml");
        assertThat(p.ruleCount()).isEqualTo(1);
    }

    @Test
    void aMatchExampleTheRuleMissesFailsTheLoad() {
        PolicyProblem p = problemAt("""
                deny:
                  - id: no-rm
                    capability: shell.exec
                    contains: "rm -rf"
                    examples:
                      match:
                        - command: "rm -rf /"
                        - command: "ls"
                """, 8, 11);
        assertThat(p.message()).contains("rule 'no-rm' does not match its example").contains("ls");
    }

    @Test
    void aNotMatchExampleTheRuleMatchesFailsTheLoad() {
        PolicyProblem p = problemAt("""
                allow:
                  - id: small
                    amount_lte: 100
                    examples:
                      not_match:
                        - {amount: 50}
                """, 6, 11);
        assertThat(p.message()).contains("rule 'small' matches its not_match example");
    }

    @Test
    void eventExamplesCheckTheCapabilityToo() {
        PolicyProblem p = problemAt("""
                deny:
                  - id: r
                    capability: shell.exec
                    examples:
                      match:
                        - event: {capability: db.query, actor: x}
                """, 6, 11);
        assertThat(p.message()).contains("rule 'r' does not match its example");
    }

    @Test
    void badExamplesShape() {
        assertThat(problemAt("deny:\n  - capability: x\n    examples: [a]\n", 3, 15).message()).contains("examples must be a mapping");
        assertThat(problemAt("deny:\n  - capability: x\n    examples: {matches: []}\n", 3, 16).message())
                .contains("unknown examples key 'matches'");
        assertThat(problemAt("deny:\n  - capability: x\n    examples: {match: [5]}\n", 3, 24).message())
                .contains("an example is a payload mapping");
    }

    // ---------------------------------------------------------------- extends

    @Test
    void extendsARelativeFile() throws Exception {
        write("packs/shell/base.yaml", """
                name: shell-base
                extends: [../common.yaml]
                deny:
                  - capability: shell.exec
                    contains: "rm -rf"
                """);
        write("packs/common.yaml", """
                require_approval:
                  - id: sudo
                    capability: shell.exec
                    match_regex: "^sudo "
                """);
        Path root = write("app/policy.yaml", """
                name: app
                extends:
                  - ../packs/shell/base.yaml
                allow:
                  - id: shell
                    capability: shell.exec
                """);
        Policy p = Policy.load(root);
        assertThat(p.name()).isEqualTo("app");
        assertThat(p.ruleCount()).isEqualTo(3);
        assertThat(p.sources()).hasSize(3);
        assertThat(p.sources().get(0)).isEqualTo(root.toString());
        ActionRuntime rt = ActionRuntime.fromPolicy(p);
        Verdict rm = rt.evaluate(shell("rm -rf /"));
        assertThat(rm.decision()).isEqualTo(Decision.DENY);
        assertThat(rm.ruleId()).as("a rule without id is named after its file").isEqualTo("shell-base:deny[0]");
        assertThat(rt.evaluate(shell("sudo ls")).ruleId()).isEqualTo("sudo");
        assertThat(rt.evaluate(shell("ls")).ruleId()).isEqualTo("shell");
        assertThat(p.sha256()).isNotEqualTo(sha256(Files.readAllBytes(root)));
    }

    @Test
    void extendsFromTheClasspathAndRelativeWithinIt() throws Exception {
        Path root = write("cp.yaml", """
                extends: ["classpath:capfence/test/base.yaml"]
                allow:
                  - capability: shell.exec
                """);
        Policy p = Policy.load(root);
        assertThat(p.sources()).containsExactly(root.toString(), "classpath:capfence/test/base.yaml",
                "classpath:capfence/test/common.yaml");
        ActionRuntime rt = ActionRuntime.fromPolicy(p);
        assertThat(rt.evaluate(shell("rm -rf /")).ruleId()).isEqualTo("cp-no-rm");
        assertThat(rt.evaluate(shell("sudo reboot")).ruleId()).isEqualTo("cp-sudo");
        assertThat(rt.evaluate(shell("ls")).decision()).isEqualTo(Decision.ALLOW);

        Policy direct = Policy.load("classpath:capfence/test/base.yaml");
        assertThat(direct.name()).isEqualTo("classpath-base");
        assertThat(direct.ruleCount()).isEqualTo(2);
    }

    @Test
    void aProblemInAnExtendedFileNamesThatFile() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(
                "extends: [\"classpath:capfence/test/broken.yaml\"]\nallow:\n  - capability: x\n", "root.yaml"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("classpath:capfence/test/broken.yaml");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.message()).contains("capabilty");
        });
    }

    @Test
    void aMissingTargetIsLocatedAtTheExtendsItem() throws Exception {
        Path root = write("root.yaml", """
                extends:
                  - ./nowhere.yaml
                  - "classpath:capfence/test/nowhere.yaml"
                allow:
                  - capability: x
                """);
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(root));
        assertThat(e.problems()).satisfiesExactly(
                p -> {
                    assertThat(p.source()).isEqualTo(root.toString());
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.column()).isEqualTo(5);
                    assertThat(p.message()).contains("nowhere.yaml").contains("no such file");
                },
                p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.column()).isEqualTo(5);
                    assertThat(p.message()).contains("not found on the classpath");
                });
    }

    @Test
    void aCycleIsAnErrorWhereItCloses() throws Exception {
        Path a = write("a.yaml", "extends: [b.yaml]\nallow:\n  - capability: a\n");
        Path b = write("b.yaml", "deny:\n  - capability: b\nextends:\n  - a.yaml\n");
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(a));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(b.toString());
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.message()).startsWith("extends cycle:").contains("a.yaml").contains("b.yaml");
        });
    }

    @Test
    void aFileExtendingItselfIsACycle() throws Exception {
        Path self = write("self.yaml", "allow:\n  - capability: a\nextends: [self.yaml]\n");
        assertThatThrownBy(() -> Policy.load(self)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("self.yaml:3:11: extends cycle");
    }

    @Test
    void aDiamondIsLoadedOnce() throws Exception {
        write("base.yaml", "deny:\n  - id: base-rule\n    capability: shell.exec\n    contains: \"rm -rf\"\n");
        write("left.yaml", "extends: [base.yaml]\ndeny:\n  - id: left-rule\n    capability: l\n");
        write("right.yaml", "extends: [base.yaml]\ndeny:\n  - id: right-rule\n    capability: r\n");
        Path root = write("root.yaml", "extends: [left.yaml, right.yaml]\nallow:\n  - id: all\n    capability: \"*\"\n");
        Policy p = Policy.load(root);
        assertThat(p.ruleCount()).as("base's rule once, so its explicit id is not a duplicate").isEqualTo(4);
        assertThat(p.sources()).extracting(s -> Path.of(s).getFileName().toString())
                .containsExactly("root.yaml", "left.yaml", "base.yaml", "right.yaml");
        assertThat(ActionRuntime.fromPolicy(p).evaluate(shell("rm -rf /")).ruleId()).isEqualTo("base-rule");
    }

    @Test
    void sha256IsThatOfTheFileBytesWhenNothingIsExtended() throws Exception {
        String yaml = "# caf\u00e9 policy\nallow:\n  - capability: x\n";
        Path f = write("plain.yaml", yaml);
        assertThat(Policy.load(f).sha256()).isEqualTo(sha256(Files.readAllBytes(f)));
        assertThat(Policy.parse(yaml, "inline.yaml").sha256()).isEqualTo(sha256(yaml.getBytes(StandardCharsets.UTF_8)));
        assertThat(Policy.parse(yaml + "\n", "inline.yaml").sha256()).as("any byte changes it")
                .isNotEqualTo(sha256(yaml.getBytes(StandardCharsets.UTF_8)));
        Verdict v = ActionRuntime.fromPolicy(f).evaluate(ActionEvent.builder().actor("a").capability("x").build());
        assertThat(v.policySha256()).isEqualTo(sha256(Files.readAllBytes(f)));
    }

    @Test
    void theShaOfAnExtendingPolicyChangesWhenTheExtendedFileChanges() throws Exception {
        write("base.yaml", "deny:\n  - capability: a\n");
        Path root = write("root.yaml", "extends: [base.yaml]\nallow:\n  - capability: b\n");
        String before = Policy.load(root).sha256();
        write("base.yaml", "deny:\n  - capability: c\n");
        assertThat(Policy.load(root).sha256()).isNotEqualTo(before);
    }

    @Test
    void anUnreadablePolicyFileIsAProblem() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(dir.resolve("none.yaml")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("cannot read policy").contains("no such file");
        });
    }
}
