package dev.capfence.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.ReasonCode;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Decision;
import dev.capfence.semantics.path.CanonicalPath;
import dev.capfence.semantics.path.PathCanonicalizer;
import dev.capfence.semantics.path.PathGlob;
import dev.capfence.semantics.shell.ShellParser;
import dev.capfence.semantics.shell.ShellScript;
import dev.capfence.semantics.shell.SimpleCommand;
import dev.capfence.semantics.sql.SqlAnalyzer;
import dev.capfence.semantics.sql.SqlScript;
import dev.capfence.semantics.sql.SqlStatement;
import dev.capfence.semantics.url.HostPattern;
import dev.capfence.semantics.url.ParsedUrl;
import dev.capfence.semantics.url.UrlParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random strings and mutated corpus lines through {@link ActionRuntime#evaluate} on the adversarial
 * policies. For every input: evaluation never throws and never ends in {@code policy_error}, the verdict and its
 * decision are non-null, {@code authorized} is exactly {@code decision == allow}, input the parser reports
 * unparseable (or, for paths, suspicious) is never allowed, and — differentially — the engine allows exactly when
 * the policy's rules, applied by hand to the parser's own output, say it should. A quarter of the inputs also go
 * in a list next to an allowed look-alike, which must not change the decision.
 *
 * <p>The seed is in every failure message; replay with {@code -Dcapfence.fuzz.seed=N}.
 */
class EngineFuzzTest {

    private static final long SEED = Long.getLong("capfence.fuzz.seed", 0xCAFE_F0CE_5EEDL);
    private static final int RANDOM = 5_000;
    private static final int MUTATIONS = 5_000;
    private static final int MAX_REPORTED = 25;

    /** What the parser says, and what the policy should decide from it. */
    private record Expected(boolean unreadable, boolean allow, String parsed) {
    }

    // ---------------------------------------------------------------- shell

    private static final String[] SHELL_FRAGMENTS = fragments("'\"`$(){}[]|&;<>*?!#~= \t\n\\-abcfhmrsx01/.",
            "rm", "rm ", " -rf", " -r", " -f", " -R", " --force", " --recursive", " /", "sh", "bash", "| sh", "|",
            "curl x", "sudo ", "env ", "xargs ", "eval ", "mkfs.ext4", "dd ", "chmod -R 777 ", "shutdown", "$(",
            "`", "<<EOF\n", "\nEOF", "-c ", "'rm -rf /'", "\\\n", "ＲＭ", "\u200b", "\u0000");

    @Test
    @Timeout(120)
    void shell() {
        ActionRuntime runtime = AdversarialPolicies.runtime(AdversarialPolicies.SHELL, "shell.yaml");
        List<String> corpus = inputs(AdversarialCorpus.shell("evasions.txt"), AdversarialCorpus.shell("lookalikes.txt"));
        fuzz("shell", runtime, AdversarialPolicies.SHELL_CAPABILITY, "command", "ls -la", corpus, SHELL_FRAGMENTS,
                RANDOM, MUTATIONS, EngineFuzzTest::shellExpectation);
    }

    private static Expected shellExpectation(String input) {
        ShellScript s = ShellParser.parse(input);
        boolean denied = s.unparseable() || s.pipesToShell();
        for (SimpleCommand c : s.commands()) {
            String program = c.program().toLowerCase(Locale.ROOT);
            Set<String> f = new HashSet<>(c.flags());
            for (String written : c.longFlags()) { // GNU getopt takes --for for --force
                for (String full : List.of("recursive", "force")) {
                    if (full.startsWith(written)) {
                        f.add(full);
                    }
                }
            }
            denied |= program.equals("rm") && anyOf(f, "r", "R", "recursive") && anyOf(f, "f", "force");
            denied |= Set.of("mkfs", "dd", "shutdown", "reboot", "halt", "poweroff").contains(program)
                    || program.startsWith("mkfs.");
            denied |= program.equals("chmod") && anyOf(f, "R", "recursive");
        }
        // run-time arguments and redirection targets satisfy no allow
        return new Expected(s.unparseable(), !denied && !s.hasRunTimeValues(), s.toString());
    }

    // ---------------------------------------------------------------- sql

    private static final String[] SQL_FRAGMENTS = fragments("abcxyz019 \t\n;'\"`$-#/*\\()[]{}.,=<>!?@:%&|^~+",
            "SELECT ", "FROM ", "WHERE ", "DROP ", "TABLE ", "DELETE ", "UPDATE ", "SET ", "INSERT ", "INTO ",
            "VALUES ", "WITH ", "AS ", "BEGIN ", "END", "EXECUTE IMMEDIATE ", "EXPLAIN ", "TRUNCATE ", "GRANT ",
            "ALTER ", "CREATE ", "MERGE ", "REPLACE ", "CALL ", "1=1", "TRUE", "users", "audit_logs", "app.audit_logs",
            "\"Users\"", "`t`", "--", "-- x\n", "/*", "*/", "/*!", "$$", "q'{", "}'", "N'", "ＤＲＯＰ", "＇", "\u00a0",
            "\u200b", "LIMIT 1");
    /** SQL parsing is the slowest of the four (about 6 s for 5,000 cases on 2 cores); kept at full size. */
    private static final int SQL_RANDOM = 5_000;
    private static final int SQL_MUTATIONS = 5_000;

    @Test
    @Timeout(120)
    void sql() {
        ActionRuntime runtime = AdversarialPolicies.runtime(AdversarialPolicies.SQL, "sql.yaml");
        List<String> corpus = inputs(AdversarialCorpus.sql("evasions.txt"), AdversarialCorpus.sql("lookalikes.txt"));
        fuzz("sql", runtime, AdversarialPolicies.SQL_CAPABILITY, "query", "SELECT 1", corpus, SQL_FRAGMENTS,
                SQL_RANDOM, SQL_MUTATIONS, EngineFuzzTest::sqlExpectation);
    }

    private static Expected sqlExpectation(String input) {
        SqlScript s = SqlAnalyzer.analyze(input);
        boolean denied = s.unparseable();
        for (SqlStatement st : s.statements()) {
            String kind = st.kind();
            denied |= AdversarialPolicies.SQL_FORBIDDEN_KINDS.contains(kind);
            denied |= (kind.equals("UPDATE") || kind.equals("DELETE")) && st.whereMissing();
            for (String table : st.tables()) {
                String t = table.toLowerCase(Locale.ROOT);
                denied |= t.equals("audit_logs") || t.endsWith(".audit_logs");
                denied |= (kind.equals("INSERT") || kind.equals("DELETE"))
                        && (t.equals("users") || t.endsWith(".users") || t.equals("loot"));
            }
        }
        return new Expected(s.unparseable(), !denied, s.toString());
    }

    // ---------------------------------------------------------------- path

    private static final String[] PATH_FRAGMENTS = fragments("/\\.~%:_-aeprstv \t",
            "/", "/", "..", "../", "./", "~root", "%2e", "%2f", "%2E%2E", "%25", "%c0%ae", "srv", "app", "/srv/app/",
            "etc", "passwd", ".env", ".ssh", ".aws", "id_rsa", ".pem", "file://", "file:", "C:", "c:\\", "\\\\",
            "\u2215", "\u2025", "\uff0e", "\uff0f", "\u200b", "\u202e", "\u0000", "\n", "\u001b", "::$DATA", "...");

    @Test
    @Timeout(120)
    void path() {
        PathCanonicalizer configured = PathCanonicalizer.lexical().withHome(AdversarialPolicies.HOME)
                .withBase(AdversarialPolicies.SANDBOX);
        List<String> corpus = inputs(AdversarialCorpus.plain("path", "evasions.txt"),
                AdversarialCorpus.plain("path", "lookalikes.txt"));
        fuzz("path", AdversarialPolicies.runtime(AdversarialPolicies.PATH, "path.yaml"),
                AdversarialPolicies.PATH_CAPABILITY, "path", "/srv/app/README.md", corpus, PATH_FRAGMENTS,
                RANDOM, MUTATIONS, pathExpectation(configured, AdversarialPolicies.HOME));
        fuzz("path (lexical)", AdversarialPolicies.runtime(AdversarialPolicies.PATH_LEXICAL, "path-lexical.yaml"),
                AdversarialPolicies.PATH_CAPABILITY, "path", "/srv/app/README.md", corpus, PATH_FRAGMENTS,
                RANDOM / 5, MUTATIONS / 5, pathExpectation(PathCanonicalizer.lexical(), null));
    }

    private static Function<String, Expected> pathExpectation(PathCanonicalizer canonicalizer, String home) {
        CanonicalPath sandbox = PathCanonicalizer.lexical().canonicalize(AdversarialPolicies.SANDBOX);
        List<PathGlob> sensitive = AdversarialPolicies.SENSITIVE_GLOBS.stream()
                .map(g -> PathGlob.compile(g, home).ignoringCase())
                .toList();
        return input -> {
            CanonicalPath p = canonicalizer.canonicalize(input);
            boolean denied = p.suspicious() || !p.isWithin(sandbox) || sensitive.stream().anyMatch(g -> g.matches(p));
            return new Expected(p.suspicious(), !denied, p + (p.suspicious() ? " (" + p.problem() + ")" : ""));
        };
    }

    // ---------------------------------------------------------------- url

    private static final String[] URL_FRAGMENTS = fragments(":/\\@#?[]%.&*;~-_ \tZa0179",
            "http://", "https://", "HTTPS://", "//", "api.stripe.com", "a.example.com", "example.com", "evil.test",
            ":443", ":80", ":8443", ":0443", ":65536", "@", "%2e", "%40", "%00", "[::1]", "[::ffff:127.0.0.1]",
            "127.0.0.1", "0x7f", "xn--", "xn--pi-6kc", "\u0430", "ß", "\u3002", "\uff0e", "\uff20", "\uff0f", "ａ",
            "\u200b", "\u0000", "\n", "file:", "javascript:", "ws://", "user:pw@");

    @Test
    @Timeout(120)
    void url() {
        ActionRuntime runtime = AdversarialPolicies.runtime(AdversarialPolicies.URL, "url.yaml");
        List<HostPattern> hosts = AdversarialPolicies.URL_HOSTS.stream().map(HostPattern::compile).toList();
        List<String> corpus = inputs(AdversarialCorpus.plain("url", "evasions.txt"),
                AdversarialCorpus.plain("url", "lookalikes.txt"));
        fuzz("url", runtime, AdversarialPolicies.URL_CAPABILITY, "url", "https://api.stripe.com/v1", corpus,
                URL_FRAGMENTS, RANDOM, MUTATIONS, urlExpectation(hosts));
    }

    private static Function<String, Expected> urlExpectation(List<HostPattern> hosts) {
        return input -> {
            ParsedUrl u = UrlParser.parse(input);
            boolean allow = !u.unparseable() && u.scheme() != null
                    && AdversarialPolicies.URL_SCHEMES.contains(u.scheme())
                    && u.host() != null && hosts.stream().anyMatch(h -> h.matches(u.host()))
                    && AdversarialPolicies.URL_PORTS.contains(u.port());
            return new Expected(u.unparseable(), allow, u.toString());
        };
    }

    // ---------------------------------------------------------------- pathological sizes

    @Test
    @Timeout(120)
    void oversizedAndDeeplyNestedInputs() {
        PathCanonicalizer configured = PathCanonicalizer.lexical().withHome(AdversarialPolicies.HOME)
                .withBase(AdversarialPolicies.SANDBOX);
        List<String> failures = new ArrayList<>();
        int[] total = {0};
        int[] outcomes = new int[3];
        ActionRuntime shell = AdversarialPolicies.runtime(AdversarialPolicies.SHELL, "shell.yaml");
        for (String input : List.of("ls -la; ".repeat(10_000), "ls " + "x".repeat(ShellParser.MAX_INPUT_LENGTH),
                "echo " + "$(".repeat(5_000) + "rm -rf /" + ")".repeat(5_000), "{a,b}".repeat(200) + " rm -rf /",
                "ls | ".repeat(5_000) + "sh", "\\\n".repeat(20_000) + "rm -rf /")) {
            check("shell", "pathological", input, shell, AdversarialPolicies.SHELL_CAPABILITY, "command", "ls -la",
                    true, EngineFuzzTest::shellExpectation, failures, total, outcomes);
        }
        ActionRuntime sql = AdversarialPolicies.runtime(AdversarialPolicies.SQL, "sql.yaml");
        for (String input : List.of("SELECT 1; ".repeat(1_500), "SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000),
                "SELECT '" + "x".repeat(300 * 1024) + "'", "DELETE FROM t WHERE " + "NOT (".repeat(300) + "1=1"
                        + ")".repeat(300), "EXECUTE IMMEDIATE '".repeat(6) + "DROP TABLE users")) {
            check("sql", "pathological", input, sql, AdversarialPolicies.SQL_CAPABILITY, "query", "SELECT 1", true,
                    EngineFuzzTest::sqlExpectation, failures, total, outcomes);
        }
        ActionRuntime path = AdversarialPolicies.runtime(AdversarialPolicies.PATH, "path.yaml");
        for (String input : List.of("/srv/app/" + "a/".repeat(100_000), "/srv/app/" + "../".repeat(100_000) + "etc",
                "/srv/app/" + "%25".repeat(50_000) + "2e", "/srv/app/" + "x".repeat(1_000_000))) {
            check("path", "pathological", input, path, AdversarialPolicies.PATH_CAPABILITY, "path", "/srv/app/README.md",
                    true, pathExpectation(configured, AdversarialPolicies.HOME), failures, total, outcomes);
        }
        ActionRuntime url = AdversarialPolicies.runtime(AdversarialPolicies.URL, "url.yaml");
        List<HostPattern> hosts = AdversarialPolicies.URL_HOSTS.stream().map(HostPattern::compile).toList();
        for (String input : List.of("https://" + "a.".repeat(100_000) + "example.com/",
                "https://api.stripe.com/" + "x".repeat(1_000_000), "https://" + "@".repeat(100_000) + "api.stripe.com/",
                "https://" + "x".repeat(70) + ".example.com/", "https://[" + "0:".repeat(50_000) + "]/")) {
            check("url", "pathological", input, url, AdversarialPolicies.URL_CAPABILITY, "url",
                    "https://api.stripe.com/v1", true, urlExpectation(hosts), failures, total, outcomes);
        }
        assertThat(failures).as("pathological inputs").isEmpty();
    }

    // ---------------------------------------------------------------- the loop

    private static void fuzz(String kind, ActionRuntime runtime, String capability, String key, String harmless,
                             List<String> corpus, String[] fragments, int randomCount, int mutationCount,
                             Function<String, Expected> oracle) {
        assertThat(oracle.apply(harmless).allow()).as("%s: the harmless companion %s is allowed", kind, harmless).isTrue();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int[] total = {0};
        int[] outcomes = new int[3]; // allowed, not allowed, unreadable (by the oracle)
        for (int i = 0; i < randomCount; i++) {
            // a third of the random strings follow a harmless value, so that both outcomes stay frequent
            String input = (i % 3 == 0 ? harmless : "") + randomInput(random, fragments);
            check(kind, "random #" + i, input, runtime, capability, key, harmless,
                    i % 4 == 0, oracle, failures, total, outcomes);
        }
        for (int i = 0; i < mutationCount; i++) {
            StringBuilder sb = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                mutate(sb, random, fragments);
            }
            check(kind, "mutation #" + i, sb.toString(), runtime, capability, key, harmless, i % 4 == 0, oracle,
                    failures, total, outcomes);
        }
        assertThat(failures)
                .as("%s: %d of %d fuzz cases failed (seed %d, replay with -Dcapfence.fuzz.seed=%d); first %d",
                        kind, total[0], randomCount + mutationCount, SEED, SEED, failures.size())
                .isEmpty();
        // the differential check means little unless both outcomes, and unreadable input, actually occur
        int cases = randomCount + mutationCount;
        System.out.printf("EngineFuzzTest %s: %d cases, %d allowed, %d not allowed, %d unreadable (seed %d)%n",
                kind, cases, outcomes[0], outcomes[1], outcomes[2], SEED);
        assertThat(outcomes[0]).as("%s: allowed cases (seed %d)", kind, SEED).isGreaterThan(cases / 50);
        assertThat(outcomes[1]).as("%s: not-allowed cases (seed %d)", kind, SEED).isGreaterThan(cases / 50);
        assertThat(outcomes[2]).as("%s: unreadable cases (seed %d)", kind, SEED).isGreaterThan(cases / 100);
    }

    private static void check(String kind, String which, String input, ActionRuntime runtime, String capability,
                              String key, String harmless, boolean alsoAsList, Function<String, Expected> oracle,
                              List<String> failures, int[] total, int[] outcomes) {
        String shown = input.length() > 300 ? input.substring(0, 300) + "…(" + input.length() + " chars)" : input;
        String where = kind + " " + which + " (seed " + SEED + ") <" + AdversarialCorpus.visible(shown) + ">";
        Expected expected;
        try {
            expected = oracle.apply(input);
        } catch (Throwable t) {
            record(failures, total, where + ": the parser threw " + t);
            return;
        }
        outcomes[expected.allow() ? 0 : 1]++;
        if (expected.unreadable()) {
            outcomes[2]++;
        }
        String problem = verdictProblem(runtime, AdversarialPolicies.event(capability, key, input), expected);
        if (problem == null && alsoAsList) {
            // next to an allowed value, the decision is the value's own: one bad value blocks the allow
            problem = verdictProblem(runtime, AdversarialPolicies.event(capability, key, List.of(harmless, input)),
                    expected);
            if (problem != null) {
                problem = "as [" + harmless + ", input]: " + problem;
            }
        }
        if (problem != null) {
            String parsed = expected.parsed();
            parsed = parsed.length() > 1000 ? parsed.substring(0, 1000) + "…" : parsed;
            record(failures, total, where + ": " + problem + "; parser: " + AdversarialCorpus.visible(parsed));
        }
    }

    /** Null when the verdict is what it should be, else what is wrong with it. */
    private static String verdictProblem(ActionRuntime runtime, dev.capfence.event.ActionEvent event, Expected expected) {
        Verdict v;
        try {
            v = runtime.evaluate(event);
        } catch (Throwable t) {
            return "evaluate threw " + t;
        }
        if (v == null || v.decision() == null) {
            return "null verdict or decision: " + v;
        }
        if (!Set.of(Decision.ALLOW, Decision.DENY, Decision.REQUIRE_APPROVAL).contains(v.decision())) {
            return "unknown decision " + v.decision();
        }
        if (v.authorized() != (v.decision() == Decision.ALLOW)) {
            return "authorized disagrees with the decision: " + AdversarialPolicies.describe(v);
        }
        if (ReasonCode.POLICY_ERROR.equals(v.reasonCode()) || ReasonCode.INVALID_EVENT.equals(v.reasonCode())) {
            return "evaluation failed: " + AdversarialPolicies.describe(v) + ": " + v.reason();
        }
        if (expected.unreadable() && v.decision() == Decision.ALLOW) {
            return "unreadable input allowed: " + AdversarialPolicies.describe(v);
        }
        if ((v.decision() == Decision.ALLOW) != expected.allow()) {
            return "engine says " + AdversarialPolicies.describe(v) + " but the rules applied to the parser's output say "
                    + (expected.allow() ? "allow" : "not allow");
        }
        return null;
    }

    private static void record(List<String> failures, int[] total, String failure) {
        total[0]++;
        if (failures.size() < MAX_REPORTED) {
            failures.add(failure);
        }
    }

    // ---------------------------------------------------------------- generation

    /** Every character of {@code alphabet} as a one-character fragment, then the multi-character ones. */
    private static String[] fragments(String alphabet, String... tokens) {
        return Stream.concat(alphabet.chars().mapToObj(c -> String.valueOf((char) c)), Stream.of(tokens))
                .toArray(String[]::new);
    }

    private static String randomInput(Random random, String[] fragments) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(40); n > 0; n--) {
            sb.append(fragments[random.nextInt(fragments.length)]);
        }
        return sb.toString();
    }

    /** Insert a fragment, delete, duplicate or swap characters. */
    private static void mutate(StringBuilder sb, Random random, String[] fragments) {
        if (sb.length() == 0) {
            sb.append(fragments[random.nextInt(fragments.length)]);
            return;
        }
        int at = random.nextInt(sb.length());
        switch (random.nextInt(4)) {
            case 0 -> sb.insert(at, fragments[random.nextInt(fragments.length)]);
            case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(3)));
            case 2 -> {
                int end = Math.min(sb.length(), at + 1 + random.nextInt(4));
                sb.insert(end, sb.substring(at, end));
            }
            default -> {
                int other = random.nextInt(sb.length());
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(other));
                sb.setCharAt(other, c);
            }
        }
    }

    private static boolean anyOf(Set<String> flags, String... names) {
        for (String n : names) {
            if (flags.contains(n)) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static List<String> inputs(Collection<AdversarialCorpus.Line>... files) {
        List<String> out = new ArrayList<>();
        for (Collection<AdversarialCorpus.Line> lines : files) {
            lines.forEach(l -> out.add(l.input()));
        }
        return out;
    }
}
