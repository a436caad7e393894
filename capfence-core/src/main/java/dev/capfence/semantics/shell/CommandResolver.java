package dev.capfence.semantics.shell;

import dev.capfence.semantics.shell.Parser.Redirect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the words of one simple command into {@link SimpleCommand}s: skips leading assignments, checks the
 * program word can be known, and follows what the program runs in turn — wrappers ({@code sudo rm} records
 * {@code sudo}, then {@code rm}), {@code sh -c STRING}, {@code eval}, {@code find -exec}, {@code xargs},
 * {@code watch}, {@code env -S}, {@code su -c}, {@code sg GROUP CMD}, {@code script -c}, {@code capsh -- -c},
 * the remote command of {@code ssh}. git's subcommand is found after its global options
 * ({@link SimpleCommand#subcommand()}); one built at run time makes the line unparseable.
 */
final class CommandResolver {

    /** Wrapper chains longer than this ({@code sudo sudo sudo …}) are cut off and reported. */
    private static final int MAX_WRAPPERS = 32;

    private static final Set<String> SUDO_LONG = Set.of("user", "group", "close-from", "chdir", "host", "prompt",
            "chroot", "role", "type", "command-timeout", "other-user", "auth-type", "login-class");
    private static final Set<String> SU_LONG = Set.of("command", "session-command", "shell", "group", "supp-group",
            "whitelist-environment", "user");

    private static final Set<String> UNSHARE_LONG = Set.of("map-user", "map-group", "map-users", "map-groups",
            "propagation", "setgroups", "root", "wd", "setuid", "setgid", "monotonic", "boottime");
    private static final Set<String> NSENTER_LONG = Set.of("target", "setuid", "setgid", "wdns");
    private static final Set<String> SCRIPT_LONG = Set.of("log-in", "log-out", "log-io", "log-timing",
            "logging-format", "command", "echo", "output-limit");
    private static final Set<String> SYSTEMD_RUN_LONG = Set.of("host", "machine", "unit", "property", "description",
            "slice", "service-type", "uid", "gid", "nice", "working-directory", "setenv", "path-property",
            "socket-property", "on-active", "on-boot", "on-startup", "on-unit-active", "on-unit-inactive",
            "on-calendar", "timer-property");
    private static final Set<String> SETPRIV_LONG = Set.of("ambient-caps", "inh-caps", "bounding-set", "ruid", "euid",
            "rgid", "egid", "reuid", "regid", "groups", "securebits", "pdeathsig", "selinux-label",
            "apparmor-profile", "landlock-access", "landlock-rule");
    /** ssh options ({@code -o Key=value}) whose value is a command line ssh runs locally through the shell. */
    private static final Set<String> SSH_LOCAL_COMMANDS = Set.of("proxycommand", "localcommand", "knownhostscommand");

    private final Context ctx;
    private final boolean piped;
    private final List<Redirect> redirects;

    private CommandResolver(Context ctx, boolean piped, List<Redirect> redirects) {
        this.ctx = ctx;
        this.piped = piped;
        this.redirects = redirects;
    }

    static void resolve(List<Word> words, List<Redirect> redirects, boolean piped, Context ctx) {
        // dash has no brace expansion: {a,b} stays one word
        new CommandResolver(ctx, piped, redirects).run(ctx.bash() ? BraceExpander.expandAll(words, ctx) : words);
    }

    /** What the program at hand runs next: a wrapped command, scripts, or commands such as {@code find -exec}. */
    private static final class Plan {
        /** Index of the wrapped command's first word, or -1. */
        int next = -1;
        /** The words whose options are this program's own flags. */
        List<Word> own;
        /** Strings another shell will read as scripts, each with the dialect that shell reads them in. */
        final List<Script> scripts = new ArrayList<>();
        final List<List<Word>> commands = new ArrayList<>();
    }

    /**
     * A script for a shell: {@code bash -c} reads bash, {@code dash -c} dash; {@code sh -c}, {@code su -c},
     * {@code ssh}, {@code watch} … run whatever shell that system or user has, so both readings count.
     */
    private record Script(String text, ShellDialect dialect) {
        static Script anyShell(String text) {
            return new Script(text, ShellDialect.POSIX);
        }

        /** {@code eval} and {@code env -S}: read by the shell already running (or split like its words). */
        static Script sameShell(String text) {
            return new Script(text, null);
        }
    }

    private void run(List<Word> words) {
        int i = 0;
        for (int hops = 0; ; hops++) {
            List<Assignment> assignments = new ArrayList<>(0);
            while (i < words.size() && words.get(i).isAssignment()) { // NAME=value cmd, env NAME=value cmd
                Assignment a = assignment(words.get(i));
                assignments.add(a);
                ctx.assignments.add(a);
                i++;
            }
            if (i >= words.size()) {
                return;
            }
            if (hops == MAX_WRAPPERS) {
                ctx.problem("more than " + MAX_WRAPPERS + " nested wrapper commands");
                return;
            }
            i = resolveOne(words, i, assignments);
            if (i < 0) {
                return;
            }
        }
    }

    /** Records the command starting at {@code i}; returns where the command it wraps starts, or -1. */
    private int resolveOne(List<Word> words, int i, List<Assignment> assignments) {
        Word programWord = words.get(i);
        String written = programWord.text();
        if (programWord.hasExpansion()) {
            ctx.problem("expansion in command position: " + Context.excerpt(written));
            return -1;
        }
        if (programWord.hasUnquotedGlob()) {
            ctx.problem("glob pattern in command position: " + Context.excerpt(written));
            return -1;
        }
        if (programWord.fromBrace()) { // bash would run it; report it, and still record what it gives
            ctx.problem("brace expansion in command position");
        }
        if (!ctx.charge(words.size() - i)) { // each wrapper level copies the rest of the words
            return -1;
        }
        String program = basename(written);
        Plan plan = plan(program, words, i);
        List<Word> args = words.subList(i + 1, words.size());
        OptionWords options = OptionWords.of(plan.own);
        int subcommand = Subcommands.index(program, args);
        if (program.equals("git") && subcommand >= 0 && args.get(subcommand).isBuiltAtRunTime()) {
            // git runs git-SUB from its exec path: a subcommand built at run time could be any program there
            ctx.problem("expansion or glob in git subcommand position: " + Context.excerpt(args.get(subcommand).text()));
        }
        ctx.commands.add(new SimpleCommand(program, written, texts(args), options.flags, written.indexOf('/') >= 0,
                piped, options.longFlags, options.values, unknownArgs(args), subcommand, assignments,
                commandRedirects()));
        if (DECLARES.contains(program)) { // export LD_PRELOAD=x: the variable reaches every later command
            for (Word w : args) {
                if (w.isAssignment()) {
                    ctx.assignments.add(assignment(w));
                }
            }
        }
        if (ctx.bash()) {
            for (Word w : args) {
                if (w.subscriptRunsCode()) {
                    ctx.problem("array subscript with a command substitution: " + Context.excerpt(w.text()));
                }
            }
        }
        if (Programs.readsScripts(program)) {
            checkScriptInput(program, words, i);
        }
        for (int k = 0; k < plan.scripts.size(); k++) { // by index: most plans have none, and no iterator is made
            Script script = plan.scripts.get(k);
            Parser.parseNested(script.text(), ctx, piped, script.dialect());
        }
        for (int k = 0; k < plan.commands.size(); k++) {
            if (ctx.enter()) {
                try {
                    run(plan.commands.get(k));
                } finally {
                    ctx.leave();
                }
            }
        }
        return plan.next;
    }

    private Plan plan(String program, List<Word> words, int i) {
        Plan p = new Plan();
        int n = words.size();
        p.own = words.subList(i + 1, n);
        if (Programs.isShell(program)) {
            shell(words, i, p, Programs.dialectOf(program));
            return p;
        }
        switch (program) {
            case "sudo" -> {
                Options o = wrapper(p, words, i, "aCcDgpRrTtUu", "h", SUDO_LONG);
                if (o.has("l", "e", "v", "V", "K", "list", "edit", "validate", "version", "help", "remove-timestamp")) {
                    p.next = -1; // lists, edits or validates; runs nothing
                }
            }
            case "doas" -> wrapper(p, words, i, "aCu", "", Set.of());
            case "env" -> env(words, i, p);
            case "nohup", "setsid", "unbuffer" -> wrapper(p, words, i, "", "", Set.of());
            case "nice" -> wrapper(p, words, i, "n", "", Set.of("adjustment"));
            case "ionice" -> {
                Options o = wrapper(p, words, i, "cnpPu", "", Set.of("class", "classdata", "pid", "pgid", "uid"));
                if (o.has("p", "P", "u", "pid", "pgid", "uid")) {
                    p.next = -1; // the operands are process ids
                }
            }
            case "timeout" -> {
                wrapper(p, words, i, "ks", "", Set.of("kill-after", "signal"));
                p.next = afterOperand(p.next, n); // the duration
            }
            case "time" -> wrapper(p, words, i, "fo", "", Set.of("format", "output"));
            case "exec" -> wrapper(p, words, i, "a", "", Set.of());
            case "command" -> {
                Options o = wrapper(p, words, i, "", "", Set.of());
                if (o.has("v", "V")) {
                    p.next = -1; // a lookup, not a run
                }
            }
            case "builtin" -> {
                p.own = List.of();
                p.next = i + 1;
            }
            case "busybox", "toybox" -> {
                if (i + 1 < n && words.get(i + 1).text().startsWith("-")) {
                    p.next = -1; // --install, --list …
                } else {
                    p.own = List.of();
                    p.next = i + 1; // the applet
                }
            }
            case "stdbuf" -> wrapper(p, words, i, "ioe", "", Set.of("input", "output", "error"));
            case "chroot" -> {
                wrapper(p, words, i, "", "", Set.of("userspec", "groups"));
                p.next = afterOperand(p.next, n); // the new root
            }
            case "taskset" -> {
                Options o = wrapper(p, words, i, "", "", Set.of());
                p.next = o.has("p", "pid") ? -1 : afterOperand(p.next, n); // the CPU mask
            }
            case "watch" -> {
                Options o = wrapper(p, words, i, "nq", "d", Set.of("interval", "equexit"));
                if (!o.has("x", "exec") && p.next < n) { // watch runs its arguments through sh -c
                    p.scripts.add(Script.anyShell(join(words, p.next)));
                    p.next = -1;
                }
            }
            case "strace" -> wrapper(p, words, i, "abeEIoOpPsSuX", "", Set.of("output", "attach", "user",
                    "string-limit", "env", "trace-path", "trace", "signal", "status", "columns"));
            case "ltrace" -> wrapper(p, words, i, "aADeFlnopsuwx", "", Set.of("output", "library"));
            case "xargs" -> wrapper(p, words, i, "adEILnPs", "eil", Set.of("arg-file", "delimiter", "max-args",
                    "max-procs", "max-chars", "process-slot-var"));
            case "flock" -> {
                wrapper(p, words, i, "wE", "", Set.of("timeout", "conflict-exit-code"));
                int next = afterOperand(p.next, n); // the lock file
                if (next + 1 < n && (words.get(next).text().equals("-c") || words.get(next).text().equals("--command"))) {
                    p.scripts.add(Script.anyShell(words.get(next + 1).text()));
                    p.next = -1;
                } else {
                    p.next = next;
                }
            }
            case "su", "runuser" -> su(words, i, p);
            case "eval" -> {
                p.own = List.of();
                if (i + 1 < n) {
                    if (anyExpansion(words, i + 1)) {
                        ctx.problem("eval of an expansion: " + Context.excerpt(join(words, i + 1)));
                    }
                    p.scripts.add(Script.sameShell(join(words, i + 1)));
                }
            }
            case "find" -> find(words, i, p);
            case "unshare" -> wrapper(p, words, i, "RwSG", "muinpUCT", UNSHARE_LONG);
            case "nsenter" -> wrapper(p, words, i, "tSGW", "muinpCUTrw", NSENTER_LONG);
            case "setpriv" -> {
                Options o = wrapper(p, words, i, "", "", SETPRIV_LONG);
                if (o.has("d", "dump")) {
                    p.next = -1; // shows the current state, runs nothing
                }
            }
            case "prlimit" -> {
                Options o = wrapper(p, words, i, "po", "cdefilmnqrstuvxy", Set.of("pid", "output"));
                if (o.has("p", "pid")) {
                    p.next = -1; // changes the limits of a running process
                }
            }
            case "pkexec" -> wrapper(p, words, i, "u", "", Set.of("user"));
            case "systemd-run" -> wrapper(p, words, i, "HMupE", "", SYSTEMD_RUN_LONG);
            case "firejail", "catchsegv" -> wrapper(p, words, i, "", "", Set.of()); // firejail: --opt=value only
            case "chpst" -> wrapper(p, words, i, "uUbe/nlLmdopfc", "", Set.of());
            case "cgexec" -> wrapper(p, words, i, "g", "", Set.of());
            case "faketime" -> {
                wrapper(p, words, i, "", "", Set.of("date-prog"));
                p.next = afterOperand(p.next, n); // the fake timestamp
            }
            case "script" -> {
                Options o = wrapper(p, words, i, "IOBTmEoc", "t", SCRIPT_LONG);
                p.next = -1; // the operand is the log file script writes
                String command = o.value("c", "command");
                if (command != null) {
                    p.scripts.add(Script.anyShell(command));
                }
            }
            case "sg" -> sg(words, i, p);
            case "capsh" -> capsh(words, i, p);
            case "ssh" -> ssh(words, i, p);
            default -> {
            }
        }
        return p;
    }

    private static Options wrapper(Plan p, List<Word> words, int i, String valueShorts, String optionalShorts,
                                   Set<String> valueLongs) {
        return wrapper(p, words, i, valueShorts, optionalShorts, valueLongs, Set.of());
    }

    /** {@code last}: options whose value ends the wrapper's own (see {@link Options#scan}). */
    private static Options wrapper(Plan p, List<Word> words, int i, String valueShorts, String optionalShorts,
                                   Set<String> valueLongs, Set<String> last) {
        Options o = Options.scan(words, i + 1, valueShorts, optionalShorts, valueLongs, last);
        p.own = words.subList(i + 1, o.operand);
        p.next = o.operand;
        return o;
    }

    private static int afterOperand(int operand, int n) {
        return Math.min(operand + 1, n);
    }

    /** {@code sh [options] -c STRING [name args…]}; {@code -o}/{@code -O} take a value, {@code -c} may sit in a cluster. */
    private static void shell(List<Word> words, int i, Plan p, ShellDialect dialect) {
        int n = words.size();
        int j = i + 1;
        boolean dashC = false;
        String command = null;
        while (j < n) {
            String s = words.get(j).text();
            if (s.equals("--") || s.equals("-")) {
                j++;
                break;
            }
            if (s.startsWith("--")) {
                if (s.startsWith("--command=")) { // fish
                    command = s.substring("--command=".length());
                } else if ((s.equals("--command") || s.equals("--rcfile") || s.equals("--init-file")) && j + 1 < n) {
                    j++;
                    if (s.equals("--command")) {
                        command = words.get(j).text();
                    }
                }
                j++;
                continue;
            }
            if (s.length() < 2 || (s.charAt(0) != '-' && s.charAt(0) != '+')) {
                break;
            }
            for (int k = 1; k < s.length(); k++) {
                char c = s.charAt(k);
                dashC |= c == 'c' && s.charAt(0) == '-';
                if (c == 'o' || c == 'O') {
                    j++; // -o pipefail
                }
            }
            j++;
        }
        p.own = words.subList(i + 1, Math.min(j, n));
        if (command == null && dashC && j < n) {
            command = words.get(j).text();
        }
        if (command != null) {
            p.scripts.add(new Script(command, dialect));
        }
    }

    /** {@code env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]… [COMMAND [ARG]…]}. */
    private void env(List<Word> words, int i, Plan p) {
        int n = words.size();
        Options o = wrapper(p, words, i, "CSuP", "", Set.of("chdir", "split-string", "unset"),
                Set.of("S", "split-string"));
        while (p.next < n && words.get(p.next).text().equals("-")) { // a lone - means -i
            p.next++;
        }
        // env reads NAME=value operands itself, after quote removal: 'GIT_PAGER=x' is an assignment too
        while (p.next < n && words.get(p.next).text().indexOf('=') > 0) {
            Word w = words.get(p.next++);
            String text = w.text();
            int eq = text.indexOf('=');
            ctx.assignments.add(new Assignment(text.substring(0, eq), text.substring(eq + 1), !w.isBuiltAtRunTime()));
        }
        String split = o.value("S", "split-string");
        if (split != null) { // env -S 'prog args' [more args]: split the string into the command line
            StringBuilder script = new StringBuilder(split);
            for (int k = p.next; k < n; k++) {
                script.append(' ').append(singleQuoted(words.get(k).text()));
            }
            p.scripts.add(Script.sameShell(script.toString()));
            p.next = -1;
        }
    }

    /**
     * {@code su [options] [-] [user] [options] -c STRING} and {@code runuser -u USER [--] COMMAND…}: GNU su takes
     * options before and after the user, so up to three rounds of options are read.
     */
    private static void su(List<Word> words, int i, Plan p) {
        int n = words.size();
        Options o = wrapper(p, words, i, "ucCsgGw", "", SU_LONG);
        String command = o.value("c", "C", "command", "session-command");
        boolean user = o.has("u", "user"); // runuser -u USER COMMAND…
        for (int round = 0, at = o.operand; round < 2 && command == null && !user && at < n; round++) {
            Options more = Options.scan(words, at + 1, "ucCsgGw", "", SU_LONG); // past "-" or the user name
            command = more.value("c", "C", "command", "session-command");
            at = more.operand;
        }
        if (command != null) {
            p.scripts.add(Script.anyShell(command));
            p.next = -1;
        } else if (!user) {
            p.next = -1; // an interactive login shell
        }
    }

    /** {@code sg [-] GROUP [-c] COMMAND}: one word, run by {@code sh -c}; later words are ignored. */
    private static void sg(List<Word> words, int i, Plan p) {
        int n = words.size();
        int j = i + 1;
        if (j < n && words.get(j).text().equals("-")) {
            j++;
        }
        j++; // the group
        if (j < n && words.get(j).text().equals("-c")) {
            j++;
        }
        p.own = words.subList(i + 1, Math.min(j, n));
        if (j < n) {
            p.scripts.add(Script.anyShell(words.get(j).text()));
        }
    }

    /**
     * {@code capsh [--opt=value]… -- ARGS}: ARGS go to {@code /bin/bash} (or {@code --shell=}), so
     * {@code capsh -- -c CMD} runs CMD; {@code == ARGS} runs capsh again with ARGS.
     */
    private void capsh(List<Word> words, int i, Plan p) {
        int n = words.size();
        String shell = "bash";
        int j = i + 1;
        while (j < n && !words.get(j).text().equals("--") && !words.get(j).text().equals("==")) {
            Word w = words.get(j);
            if (w.text().startsWith("--shell=")) {
                if (w.hasExpansion()) {
                    ctx.problem("expansion in capsh --shell: " + Context.excerpt(w.text()));
                }
                shell = w.text().substring("--shell=".length());
            }
            j++;
        }
        p.own = words.subList(i + 1, j);
        if (j < n) {
            List<Word> command = new ArrayList<>();
            command.add(synthetic(words.get(j).text().equals("==") ? "capsh" : shell));
            command.addAll(words.subList(j + 1, n));
            p.commands.add(command);
        }
    }

    /**
     * {@code ssh [options] DESTINATION [COMMAND…]}: ssh joins the command words with spaces and the remote
     * shell runs them, so they are parsed as a script; {@code -o ProxyCommand=…} and its kin run locally.
     */
    private static void ssh(List<Word> words, int i, Plan p) {
        int n = words.size();
        Options o = wrapper(p, words, i, "BbcDEeFIiJLlmOoPpQRSWw", "", Set.of());
        for (String option : o.values("o")) {
            int k = 0;
            while (k < option.length() && Character.isLetter(option.charAt(k))) {
                k++;
            }
            if (SSH_LOCAL_COMMANDS.contains(option.substring(0, k).toLowerCase(java.util.Locale.ROOT))) {
                String value = option.substring(k).strip();
                p.scripts.add(Script.anyShell(value.startsWith("=") ? value.substring(1).strip() : value));
            }
        }
        if (p.next + 1 < n) { // past the destination
            p.scripts.add(Script.anyShell(join(words, p.next + 1)));
        }
        p.next = -1;
    }

    /** A word CapFence writes itself (a program name a command implies); quoted, so never a keyword or glob. */
    private static Word synthetic(String text) {
        Word w = new Word();
        w.add(text, 0, text.length(), Word.QUOTED);
        return w;
    }

    /** {@code find … -exec CMD … ;} (also {@code -execdir}, {@code -ok}, {@code -okdir}, and {@code {} +}). */
    private static void find(List<Word> words, int i, Plan p) {
        int n = words.size();
        List<Word> own = new ArrayList<>();
        int j = i + 1;
        while (j < n) {
            String s = words.get(j).text();
            if (s.equals("-exec") || s.equals("-execdir") || s.equals("-ok") || s.equals("-okdir")) {
                int k = j + 1;
                while (k < n && !words.get(k).text().equals(";")
                        && !(words.get(k).text().equals("+") && words.get(k - 1).text().equals("{}"))) {
                    k++;
                }
                p.commands.add(words.subList(j + 1, k));
                j = k + 1;
            } else {
                own.add(words.get(j));
                j++;
            }
        }
        p.own = own;
    }

    /** A here-document, here-string or process substitution handed to a shell is code we cannot see. */
    private void checkScriptInput(String program, List<Word> words, int i) {
        for (Redirect r : redirects) {
            if (r.op().startsWith("<<")) {
                ctx.problem("here-document or here-string feeds " + program);
            } else if (r.op().startsWith("<") && r.target().hasProcessSubstitution()) {
                ctx.problem("process substitution feeds " + program);
            }
        }
        for (int k = i + 1; k < words.size(); k++) {
            if (words.get(k).hasProcessSubstitution()) {
                ctx.problem("process substitution feeds " + program);
            }
        }
    }

    /** Builtins whose {@code NAME=value} arguments set variables. */
    private static final Set<String> DECLARES = Set.of("export", "declare", "typeset", "local", "readonly");

    private List<Redirection> commandRedirects() {
        if (redirects.isEmpty()) {
            return List.of();
        }
        List<Redirection> out = new ArrayList<>(redirects.size());
        for (Redirect r : redirects) {
            out.add(r.redirection());
        }
        return out;
    }

    private static Set<Integer> unknownArgs(List<Word> args) {
        Set<Integer> unknown = Set.of();
        for (int k = 0; k < args.size(); k++) {
            if (args.get(k).isBuiltAtRunTime()) {
                if (unknown.isEmpty()) {
                    unknown = new LinkedHashSet<>();
                }
                unknown.add(k);
            }
        }
        return unknown;
    }

    /** {@code NAME=value}, {@code NAME+=value}, {@code NAME[i]=value} as written unquoted at the word's start. */
    static Assignment assignment(Word w) {
        String text = w.text();
        int eq = 0;
        while (!w.isUnquoted(eq, '=')) {
            eq++;
        }
        int nameEnd = eq;
        for (int k = 0; k < eq; k++) {
            if (w.isUnquoted(k, '[') || w.isUnquoted(k, '+')) {
                nameEnd = k;
                break;
            }
        }
        boolean known = true;
        for (int k = eq + 1; k < text.length(); k++) {
            known &= !w.isExpansion(k);
        }
        return new Assignment(text.substring(0, nameEnd), text.substring(eq + 1), known);
    }

    /** {@code /bin/../bin/rm} and {@code ./rm} are {@code rm}: the kernel runs the file the last segment names. */
    static String basename(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        String name = path.substring(path.lastIndexOf('/', end - 1) + 1, end);
        return name.isEmpty() ? path : name;
    }

    private static List<String> texts(List<Word> words) {
        List<String> out = new ArrayList<>(words.size());
        for (Word w : words) {
            out.add(w.text());
        }
        return out;
    }

    private static String join(List<Word> words, int from) {
        return String.join(" ", texts(words.subList(from, words.size())));
    }

    private static boolean anyExpansion(List<Word> words, int from) {
        for (int k = from; k < words.size(); k++) {
            if (words.get(k).hasExpansion()) {
                return true;
            }
        }
        return false;
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
