package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code command:} keys that read what the shell really does: {@code subcommand}, {@code assignments},
 * {@code redirects}, {@code shell}; GNU long-option abbreviations and attached option values; arguments built
 * at run time.
 */
class CommandKeysTest {

    private static ActionRuntime runtime(String rules) {
        return ActionRuntime.fromPolicy(Policy.parse("version: 1\n" + rules, "keys.yaml"));
    }

    private static Verdict decide(ActionRuntime runtime, String command) {
        return runtime.evaluate(ActionEvent.builder().actor("a").capability("shell.exec")
                .payload(Map.of("command", command)).build());
    }

    private static void allowed(ActionRuntime runtime, String command) {
        assertThat(decide(runtime, command).decision()).as(command).isEqualTo(Decision.ALLOW);
    }

    private static void deniedBy(ActionRuntime runtime, String command, String ruleId) {
        Verdict v = decide(runtime, command);
        assertThat(v.decision()).as(command).isEqualTo(Decision.DENY);
        assertThat(v.ruleId()).as(command).isEqualTo(ruleId);
    }

    private static void notAllowed(ActionRuntime runtime, String command) {
        Verdict v = decide(runtime, command);
        assertThat(v.decision()).as(command).isNotEqualTo(Decision.ALLOW);
        assertThat(v.ruleId()).as("no rule covers <%s>", command).isNull();
    }

    @Test
    void subcommandIsTheOperandAfterGlobalOptions() {
        ActionRuntime r = runtime("""
                allow:
                  - {id: git-read, capability: shell.exec, command: {program: git, subcommand: [status, log]}}
                """);
        allowed(r, "git status");
        allowed(r, "git -C notes --no-pager log -1");
        notAllowed(r, "git push origin status");   // status is an operand, push the subcommand
        notAllowed(r, "git -C status push");       // -C takes the next word
        notAllowed(r, "git --version");             // no subcommand
        notAllowed(r, "git $SUB");                  // built at run time
    }

    @Test
    void assignmentsAreSeenWhereverTheLineSetsAVariable() {
        ActionRuntime r = runtime("""
                deny:
                  - {id: loader, capability: shell.exec, command: {assignments: ["LD_*", "GIT_*"]}}
                allow:
                  - {id: read, capability: shell.exec, command: {program: [ls, echo, env, git]}}
                """);
        deniedBy(r, "LD_PRELOAD=/tmp/x.so ls", "loader");
        deniedBy(r, "env GIT_DIR=/tmp git status", "loader");
        deniedBy(r, "env 'GIT_PAGER=touch x' git -p log", "loader"); // env reads it after quote removal
        deniedBy(r, "export GIT_EXTERNAL_DIFF=x; git status", "loader");
        deniedBy(r, "sh -c 'LD_LIBRARY_PATH=. ls'", "loader");
        allowed(r, "LANG=C ls");
        allowed(r, "echo LD_PRELOAD=x");            // an argument, not an assignment
        allowed(r, "echo 'GIT_DIR=x'");
    }

    @Test
    void redirectsAreJudgedLikePathsWithTheirModes() {
        ActionRuntime r = runtime("""
                deny:
                  - {id: outside, capability: shell.exec, command: {redirects: {outside: [".", "/dev/null"]}}}
                  - {id: secret-in, capability: shell.exec, command: {redirects: {mode: [read], matches_any: ["**/.env"]}}}
                allow:
                  - {id: read, capability: shell.exec, command: {program: [echo, ls, sort, cat]}}
                """);
        deniedBy(r, "echo hi > /tmp/x", "outside");
        deniedBy(r, "echo hi > ./../x", "outside");
        deniedBy(r, "echo hi >| /tmp/x", "outside");
        deniedBy(r, "{ ls; } > /tmp/x", "outside");
        deniedBy(r, "echo hi > $OUT", "outside");    // a target built at run time satisfies a deny
        deniedBy(r, "sort < .env", "secret-in");
        deniedBy(r, "sort < notes/.env", "secret-in");
        allowed(r, "echo hi > .env");                // writing is not the read rule's mode
        allowed(r, "echo 'a > /b'");                 // quoted text is no redirection
        allowed(r, "ls 2>/dev/null > notes/list.txt");
        allowed(r, "ls 2>&1");                       // a descriptor copy opens no file
    }

    @Test
    void anAllowWithRedirectsCoversEveryRedirectionOrNone() {
        ActionRuntime r = runtime("""
                allow:
                  - {id: echo-inside, capability: shell.exec, command: {program: echo, redirects: {within: ["."]}}}
                """);
        allowed(r, "echo hi > notes/x");
        allowed(r, "echo hi");
        notAllowed(r, "echo hi > notes/x > /tmp/y");
        notAllowed(r, "echo hi > ../x");
    }

    @Test
    void aDenyReadsAbbreviatedLongOptionsAndAttachedValues() {
        ActionRuntime r = runtime("""
                deny:
                  - {id: recursive, capability: shell.exec, command: {program: rm, flags_any: [recursive]}}
                  - {id: absolute, capability: shell.exec, command: {args_any: ["/*"]}}
                allow:
                  - {id: ls-all, capability: shell.exec, command: {program: ls, flags_all: [all]}}
                  - {id: sort, capability: shell.exec, command: {program: [sort, grep, rm]}}
                """);
        deniedBy(r, "rm --recurs notes", "recursive");
        deniedBy(r, "rm --recursive notes", "recursive");
        deniedBy(r, "sort -o/etc/passwd orders.csv", "absolute");
        deniedBy(r, "grep --file=/etc/hosts x", "absolute");
        allowed(r, "rm --force notes/x");
        allowed(r, "ls --all");
        notAllowed(r, "ls --al");                    // an allow needs the flag as listed
        allowed(r, "sort -r orders.csv");
    }

    @Test
    void argumentsBuiltAtRunTimeSatisfyNoAllowButStillADeny() {
        ActionRuntime r = runtime("""
                deny:
                  - {id: no-rm, capability: shell.exec, command: {program: rm}}
                allow:
                  - {id: read, capability: shell.exec, command: {program: [cat, echo]}}
                """);
        allowed(r, "cat notes/todo.txt");
        notAllowed(r, "cat $(echo .env)");
        notAllowed(r, "cat `echo .env`");
        notAllowed(r, "cat *.txt");
        notAllowed(r, "cat $FILE");
        notAllowed(r, "cat <(echo x)");
        notAllowed(r, "echo hi > $OUT");
        deniedBy(r, "rm $X", "no-rm");
    }

    @Test
    void theShellKeyChoosesTheReading() {
        String rule = "    command: {program: rm%s}\n";
        String policy = """
                deny:
                  - id: rm
                    capability: shell.exec
                """;
        ActionRuntime bash = runtime(policy + rule.formatted(", shell: bash"));
        ActionRuntime dash = runtime(policy + rule.formatted(", shell: dash"));
        ActionRuntime posix = runtime(policy + rule.formatted(""));
        ActionRuntime topLevelDash = runtime("shell: dash\n" + policy + rule.formatted(""));
        // dash runs rm here; bash evaluates an arithmetic expression
        String line = "((rm -f notes/todo.txt))";
        assertThat(decide(bash, line).ruleId()).isNull();
        deniedBy(dash, line, "rm");
        deniedBy(posix, line, "rm");
        deniedBy(topLevelDash, line, "rm");
    }

    @Test
    void badKeysAreLoadErrorsWithTheirPlace() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse("""
                version: 1
                deny:
                  - {id: a, capability: shell.exec, command: {program: rm, shell: fish}}
                  - {id: b, capability: shell.exec, command: {redirects: {mode: [sideways]}}}
                  - {id: c, capability: shell.exec, command: {redirects: {outsid: ["."]}}}
                """, "bad.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .contains("bad.yaml:3:67: shell names the shell that runs the command")
                .contains("bad.yaml:4:66: redirects.mode takes read, write")
                .contains("bad.yaml:5:59: unknown key 'outsid' in redirects");
    }
}
