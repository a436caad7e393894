package dev.capfence.semantics.shell.differential;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy-level property: under the sandbox policy (the shell pack plus the demo's workspace rules, in
 * {@code differential/sandbox-policy.yaml}), read for the shell that ran the line, no line whose real run had a
 * forbidden effect is allowed. Forbidden: deleting a file, writing outside the workspace, reading a secret,
 * running a program that no read-only list holds.
 */
final class EffectCheck {

    /** The shell pack's read-only programs, and shells and wrappers that only run other programs. */
    static final Set<String> LISTED = Set.of("ls", "pwd", "cat", "head", "tail", "wc", "grep", "rg", "echo",
            "printf", "date", "whoami", "id", "uname", "df", "du", "stat", "file", "which", "sort", "uniq", "diff",
            "git", "sh", "bash", "dash", "env", "nice", "nohup", "timeout", "command", "xargs", "find", "time");

    private static final List<String> SECRETS = List.of("/srv/ws/.env", "/etc/shadow", "/root/.ssh/");

    /** The workspace's {@code .env} holds this line; seeing it in the output is a leak whoever read it. */
    static final String SECRET_VALUE = "API_KEY=secret";

    private static boolean isSecret(String path) {
        return SECRETS.stream().anyMatch(s -> path.equals(s) || (s.endsWith("/") && path.startsWith(s)));
    }

    /**
     * A secret read counts when the shell opened it (a redirection feeds it to a program) or a program was
     * given it by name; {@code git status} hashing the work tree reads every file and shows none of them.
     */
    private static boolean exposes(Observation o, Open open) {
        if (open.image() < 0) {
            return true;
        }
        String name = open.path().substring(open.path().lastIndexOf('/') + 1);
        return o.execs().get(open.image()).argv().stream().anyMatch(a -> a.contains(name));
    }

    private final Map<RealShell, ActionRuntime> runtimes = new EnumMap<>(RealShell.class);

    EffectCheck() {
        String yaml = resource("differential/sandbox-policy.yaml");
        for (RealShell shell : RealShell.values()) {
            String dialect = shell == RealShell.BASH ? "bash" : "dash";
            runtimes.put(shell, ActionRuntime.fromPolicy(Policy.parse(
                    yaml.replace("\nshell: posix\n", "\nshell: " + dialect + "\n"), "sandbox-policy-" + dialect)));
        }
    }

    Verdict verdict(String line, RealShell shell) {
        return runtimes.get(shell).evaluate(ActionEvent.builder().actor("agent").capability("shell.exec")
                .payload(Map.of("command", line)).build());
    }

    /** The forbidden effects of a real run, described; empty when it only did what the policy means to allow. */
    static List<String> forbidden(Observation o) {
        List<String> out = new ArrayList<>();
        for (String path : o.writes().deleted()) {
            out.add("deleted " + path);
        }
        for (String path : concat(o.writes().created(), o.writes().changed())) {
            if (!path.startsWith(Differential.WORKSPACE + "/") && !path.startsWith("/dev/")
                    && !path.startsWith("/tmp/sh-thd")) {
                out.add("wrote " + path);
            }
        }
        if ((o.stdout() + o.stderr()).contains(SECRET_VALUE)) {
            out.add("printed the secret");
        }
        for (Open open : o.opens()) {
            if (isSecret(open.path()) && exposes(o, open)) {
                out.add("read " + open.path());
            }
        }
        for (Exec e : o.execs()) {
            String program = Differential.basename(e.path());
            if (!LISTED.contains(program) && !program.startsWith("git-")) {
                out.add("ran " + program);
            }
        }
        return out;
    }

    /** The line was allowed although its run had forbidden effects: a description, or null. */
    String allowedWithForbiddenEffect(Observation o) {
        List<String> effects = forbidden(o);
        if (effects.isEmpty()) {
            return null;
        }
        Verdict v = verdict(o.line(), o.shell());
        return v.decision() == Decision.ALLOW ? "allowed (rule " + v.ruleId() + ") but " + effects : null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String resource(String name) {
        try (InputStream in = EffectCheck.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
