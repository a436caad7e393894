package dev.capfence.adversarial;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The realistic policies the adversarial corpora run through, and a small harness around the public engine API
 * ({@link Policy#parse}, {@link ActionRuntime#fromPolicy(Policy)}, {@link ActionRuntime#evaluate}).
 */
final class AdversarialPolicies {

    private AdversarialPolicies() {
    }

    static final String SHELL_CAPABILITY = "shell.exec";
    static final String SQL_CAPABILITY = "db.query";
    static final String PATH_CAPABILITY = "fs.read";
    static final String URL_CAPABILITY = "http.request";

    static final String SHELL = """
            version: 1
            name: shell-adversarial
            description: What a coding agent may run in a shell.
            deny:
              - id: shell-unparseable
                capability: shell.exec
                command: {unparseable: true}
                reason: A command line that cannot be read safely is never run
              - id: shell-pipe-to-shell
                capability: shell.exec
                command: {pipes_to_shell: true}
                reason: Piping into a shell runs unseen code
              - id: shell-rm-recursive-force
                capability: shell.exec
                command: {program: rm, flags_all: [[r, R, recursive], [f, force]]}
                reason: No recursive forced deletes
              - id: shell-disk-and-power
                capability: shell.exec
                command: {program: [mkfs, "mkfs.*", dd, shutdown, reboot, halt, poweroff]}
                reason: No disk formatting, raw copies or power control
              - id: shell-chmod-recursive
                capability: shell.exec
                command: {program: chmod, flags_any: [R, recursive]}
                reason: No recursive permission changes
            allow:
              - id: shell-parseable
                capability: shell.exec
                command: {unparseable: false}
            """;

    /** Tables protected against any statement (the corpus treats reading them as an evasion too). */
    static final List<String> AUDIT_TABLES = List.of("audit_logs", "*.audit_logs");
    /** Tables protected against inserts and deletes (a bounded UPDATE of users is a look-alike: allowed). */
    static final List<String> PROTECTED_WRITE_TABLES = List.of("users", "*.users", "loot");
    static final List<String> SQL_FORBIDDEN_KINDS = List.of("DROP", "TRUNCATE", "ALTER", "RENAME", "GRANT", "REVOKE",
            "CREATE", "EXPORT", "CALL", "MERGE", "REPLACE");

    static final String SQL = """
            version: 1
            name: sql-adversarial
            description: What a support agent may run against the database.
            deny:
              - id: sql-unparseable
                capability: db.query
                sql: {unparseable: true}
                reason: SQL that cannot be read safely is never run
              - id: sql-schema-and-privileges
                capability: db.query
                sql: {statements_any: [DROP, TRUNCATE, ALTER, RENAME, GRANT, REVOKE, CREATE, EXPORT, CALL, MERGE, REPLACE]}
                reason: No DDL, privilege changes, exports or procedure calls
              - id: sql-unbounded-write
                capability: db.query
                sql: {statements_any: [UPDATE, DELETE], where_missing: true}
                reason: UPDATE and DELETE need a real WHERE
              # The corpus section "reading a protected table" makes any statement on audit_logs an evasion,
              # reads included, so this rule names no statement kind.
              - id: sql-audit-logs
                capability: db.query
                sql: {tables_any: [audit_logs, "*.audit_logs"]}
                reason: The audit log is off limits
              # Scoped to INSERT and DELETE: the look-alikes hold a bounded UPDATE of users (and SELECTs of it),
              # which must stay allowed; unbounded UPDATEs are caught by sql-unbounded-write.
              - id: sql-protected-writes
                capability: db.query
                sql: {statements_any: [INSERT, DELETE], tables_any: [users, "*.users", loot]}
                reason: No inserts into or deletes from protected tables
            allow:
              - id: sql-parseable
                capability: db.query
                sql: {unparseable: false}
            """;

    static final String SANDBOX = "/srv/app";
    static final String HOME = "/home/u";
    /** The sensitive globs of the path corpus (PathCorpusTest.SENSITIVE), written here again on purpose. */
    static final List<String> SENSITIVE_GLOBS = List.of("**/.ssh/**", "**/.env", "**/.env.*", "**/.aws/**",
            "**/*.pem", "**/*.key", "**/id_rsa*", "/etc/**", "/root/**", "/proc/**");

    private static final String PATH_RULES = """
            deny:
              - id: path-suspicious
                capability: fs.read
                path: {suspicious: true}
                reason: A path that cannot be read unambiguously is never opened
              - id: path-sensitive
                capability: fs.read
                path: {matches_any: ["**/.ssh/**", "**/.env", "**/.env.*", "**/.aws/**", "**/*.pem", "**/*.key", "**/id_rsa*", "/etc/**", "/root/**", "/proc/**"]}
                reason: Secrets and system files are off limits
              - id: path-outside-sandbox
                capability: fs.read
                path: {outside: [/srv/app]}
                reason: Only the application directory
            allow:
              - id: path-in-sandbox
                capability: fs.read
                path: {within: [/srv/app]}
            """;

    /** With a working directory and a home: relative and {@code ~} paths are resolved against them. */
    static final String PATH = """
            version: 1
            name: path-adversarial
            paths: {working_dir: /srv/app, home: /home/u}
            """ + PATH_RULES;

    /** No {@code paths} settings: relative and home paths stay separate roots, outside the absolute sandbox. */
    static final String PATH_LEXICAL = """
            version: 1
            name: path-adversarial-lexical
            """ + PATH_RULES;

    static final List<String> URL_SCHEMES = List.of("http", "https");
    static final List<String> URL_HOSTS = List.of("api.stripe.com", "*.example.com");
    static final List<Integer> URL_PORTS = List.of(80, 443);

    static final String URL = """
            version: 1
            name: url-adversarial
            deny:
              - id: url-unparseable
                capability: http.request
                url: {unparseable: true}
                reason: A URL that readers disagree on is never fetched
            allow:
              - id: url-allowed-api
                capability: http.request
                url: {scheme_in: [http, https], host_in: [api.stripe.com, "*.example.com"], port_in: [80, 443]}
            """;

    static ActionRuntime runtime(String yaml, String name) {
        return ActionRuntime.fromPolicy(Policy.parse(yaml, name));
    }

    static ActionEvent event(String capability, String key, Object value) {
        return event(capability, Map.of(key, value));
    }

    static ActionEvent event(String capability, Map<String, ?> payload) {
        return ActionEvent.builder().actor("agent").capability(capability).payload(payload).build();
    }

    /** Corpus lines that the runtime allows although they must not be: {@code FILE:LINE <input> -> verdict}. */
    static List<String> allowedButMustNot(ActionRuntime runtime, String capability, String key,
                                          List<AdversarialCorpus.Line> lines) {
        List<String> failures = new ArrayList<>();
        for (AdversarialCorpus.Line line : lines) {
            Verdict v = runtime.evaluate(event(capability, key, line.input()));
            boolean blocked = v != null && (v.decision() == Decision.DENY || v.decision() == Decision.REQUIRE_APPROVAL)
                    && !v.authorized();
            if (!blocked) {
                failures.add(line.where() + " <" + line.shown() + "> -> " + describe(v));
            }
        }
        return failures;
    }

    /** Corpus lines that the runtime does not allow by the policy's allow rule although it must. */
    static List<String> notAllowedButMust(ActionRuntime runtime, String capability, String key, String allowRuleId,
                                          List<AdversarialCorpus.Line> lines) {
        List<String> failures = new ArrayList<>();
        for (AdversarialCorpus.Line line : lines) {
            Verdict v = runtime.evaluate(event(capability, key, line.input()));
            boolean allowed = v != null && v.decision() == Decision.ALLOW && v.authorized()
                    && ReasonCode.POLICY_ALLOW.equals(v.reasonCode()) && allowRuleId.equals(v.ruleId());
            if (!allowed) {
                failures.add(line.where() + " <" + line.shown() + "> -> " + describe(v));
            }
        }
        return failures;
    }

    static String describe(Verdict v) {
        if (v == null) {
            return "null verdict";
        }
        return v.decision() + " (rule_id=" + v.ruleId() + ", reason_code=" + v.reasonCode() + ", authorized="
                + v.authorized() + ")";
    }
}
