package dev.capfence.semantics.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the subcommand of programs such as {@code git}, {@code kubectl} or {@code docker}: the first operand
 * after the program's global options. Global options that take a separate value ({@code git -C DIR},
 * {@code kubectl -n NS}) consume it, so {@code git -C status push} runs {@code push}.
 */
final class Subcommands {

    /** Global options whose value is the next word, per program; other programs: options take no value. */
    private static final Map<String, Set<String>> VALUE_OPTIONS = Map.of(
            "git", Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env",
                    "--exec-path", "--list-cmds", "--attr-source"),
            "docker", Set.of("-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert",
                    "--tlscert", "--tlskey"),
            "podman", Set.of("--connection", "-c", "--root", "--runroot", "--url", "--log-level", "--remote"),
            "kubectl", Set.of("-n", "--namespace", "--context", "--kubeconfig", "-s", "--server", "--cluster",
                    "--user", "--token", "--as", "--as-group", "--certificate-authority", "--client-certificate",
                    "--client-key", "--request-timeout", "-v", "--cache-dir", "--tls-server-name", "--username",
                    "--password", "--profile", "--profile-output"),
            "helm", Set.of("-n", "--namespace", "--kube-context", "--kubeconfig", "--registry-config",
                    "--repository-config", "--repository-cache", "--kube-apiserver", "--kube-token"),
            "npm", Set.of("-C", "--prefix", "--userconfig", "--registry", "--cache", "-w", "--workspace",
                    "--loglevel"),
            "cargo", Set.of("-C", "--config", "--color", "-Z"),
            "go", Set.of("-C"),
            "terraform", Set.of("-chdir"),
            "systemctl", Set.of("-H", "--host", "-M", "--machine", "-t", "--type", "-p", "--property", "-s",
                    "--signal", "-o", "--output", "--root"));

    private Subcommands() {
    }

    /** Index into {@code args} of the subcommand, or -1. */
    static int index(String program, List<Word> args) {
        Set<String> valued = VALUE_OPTIONS.getOrDefault(program, Set.of());
        for (int k = 0; k < args.size(); k++) {
            String s = args.get(k).text();
            if (s.equals("--")) {
                return k + 1 < args.size() ? k + 1 : -1;
            }
            if (s.length() > 1 && s.charAt(0) == '-') {
                if (valued.contains(s)) {
                    k++; // the option's value
                }
                continue;
            }
            return k;
        }
        return -1;
    }
}
