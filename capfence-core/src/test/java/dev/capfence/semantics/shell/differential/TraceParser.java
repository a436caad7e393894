package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the strace files of one run (strace -ff: one file per process) into execs and opens with their
 * process-tree links, the line's exit status and whether the time limit stopped it.
 *
 * <p>A trace may start with the runner's own programs ({@code unshare}, {@code setpriv}) exec'ing the line's
 * shell in the same process; they and the shell are dropped, so index 0 of the result is the first program
 * the line's shell ran.
 */
final class TraceParser {

    /** Environment every run starts with. */
    static final Map<String, String> BASE_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root",
            "LANG", "C.UTF-8",
            "TERM", "dumb");

    /**
     * Variables shells set on their own: never "added" by the line. Base variables are not reported
     * either, whatever their value, to match the reference shell-oracle tool.
     */
    private static final Set<String> SHELL_OWN_ENV = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    /** Files every program touches to start (loader, locale, user names) or the sandbox provides. */
    private static final List<String> SYSTEM_PREFIXES = List.of(
            "/usr/", "/lib", "/etc/ld.so", "/etc/locale", "/etc/nsswitch", "/etc/passwd", "/etc/group",
            "/proc/", "/sys/", "/dev/", "/etc/localtime", "/etc/gitconfig", "/root/.gitconfig",
            "/etc/inputrc", "/etc/bash.bashrc", "/root/.bash_history");

    private static final String GIT_DIR = "/srv/ws/.git/";
    private static final int NO_IMAGE = -2;
    /** Programs the runner may exec in the first traced process before the line's shell. */
    private static final Set<String> RUNNER_PROGRAMS = Set.of("unshare", "setpriv");

    /** The parsed run. exit is -1 when the trace shows no end of the line's shell. */
    record Result(List<Exec> execs, List<Open> opens, int exit) {}

    private sealed interface Event permits ExecEvent, CloneEvent, OpenEvent, ExitEvent {}

    private static final class ExecEvent implements Event {
        final long time;
        final int pid;
        final int seq;
        final String path;
        final List<String> argv;
        final List<String> env;
        int index;
        int startedByRaw;

        ExecEvent(long time, int pid, int seq, String path, List<String> argv, List<String> env) {
            this.time = time;
            this.pid = pid;
            this.seq = seq;
            this.path = path;
            this.argv = argv;
            this.env = env;
        }
    }

    private record CloneEvent(int child) implements Event {}

    private static final class OpenEvent implements Event {
        final long time;
        final String path;
        final OpenMode mode;
        int imageRaw;

        OpenEvent(long time, String path, OpenMode mode) {
            this.time = time;
            this.path = path;
            this.mode = mode;
        }
    }

    private record ExitEvent(int status) implements Event {}

    private final String root;
    private final Predicate<String> isDirectory;

    /**
     * @param root        the sandbox root as strace (outside it) sees it: the prefix of every -y path
     * @param isDirectory whether a sandbox path was a directory before the run (such opens are no file reads)
     */
    TraceParser(String root, Predicate<String> isDirectory) {
        this.root = root;
        this.isDirectory = isDirectory;
    }

    /** Parses the trace of one run; linesByPid holds each process's file. */
    Result parse(Map<Integer, List<String>> linesByPid) throws IOException {
        Map<Integer, List<Event>> events = new HashMap<>();
        Map<Integer, Integer> parentOf = new HashMap<>();
        List<ExecEvent> execs = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> file : linesByPid.entrySet()) {
            List<Event> list = read(file.getKey(), file.getValue());
            events.put(file.getKey(), list);
            for (Event e : list) {
                if (e instanceof ExecEvent x) {
                    execs.add(x);
                } else if (e instanceof CloneEvent c) {
                    parentOf.put(c.child(), file.getKey());
                }
            }
        }
        execs.sort(Comparator.<ExecEvent>comparingLong(x -> x.time).thenComparingInt(x -> x.pid)
                .thenComparingInt(x -> x.seq));
        for (int i = 0; i < execs.size(); i++) {
            execs.get(i).index = i;
        }
        linkImages(events, parentOf);

        int first = execs.isEmpty() ? -1 : execs.get(0).pid;
        ExecEvent shell = execs.stream().filter(x -> x.pid == first && !RUNNER_PROGRAMS.contains(baseName(x.path)))
                .findFirst().orElseThrow(() -> new IOException("trace shows no start of the line's shell"));
        return new Result(lineExecs(execs, shell.index), lineOpens(events, execs, shell.index),
                exitOf(events.get(shell.pid)));
    }

    /** Walks the process tree from its roots: each exec's and open's image is the process's current one. */
    private static void linkImages(Map<Integer, List<Event>> events, Map<Integer, Integer> parentOf) {
        Deque<int[]> work = new ArrayDeque<>();   // {pid, image it starts with}
        for (Integer pid : events.keySet()) {
            if (!parentOf.containsKey(pid)) {
                work.add(new int[] {pid, NO_IMAGE});
            }
        }
        while (!work.isEmpty()) {
            int[] item = work.poll();
            int image = item[1];
            for (Event e : events.getOrDefault(item[0], List.of())) {
                if (e instanceof ExecEvent x) {
                    x.startedByRaw = image;
                    image = x.index;
                } else if (e instanceof OpenEvent o) {
                    o.imageRaw = image;
                } else if (e instanceof CloneEvent c && events.containsKey(c.child())) {
                    work.add(new int[] {c.child(), image});
                }
            }
        }
    }

    private static List<Exec> lineExecs(List<ExecEvent> execs, int shell) {
        List<Exec> out = new ArrayList<>();
        for (ExecEvent x : execs.subList(shell + 1, execs.size())) {
            out.add(new Exec(x.path, x.argv, addedEnv(x.env), lineIndex(x.startedByRaw, shell)));
        }
        return out;
    }

    /** Index among the line's execs; -1 for the line's shell and anything before it. */
    private static int lineIndex(int raw, int shell) {
        return raw > shell ? raw - shell - 1 : -1;
    }

    private List<Open> lineOpens(Map<Integer, List<Event>> events, List<ExecEvent> execs, int shell) {
        List<OpenEvent> opens = new ArrayList<>();
        for (List<Event> list : events.values()) {
            for (Event e : list) {
                if (e instanceof OpenEvent o && o.imageRaw >= shell) {   // the runner's own opens are not the line's
                    opens.add(o);
                }
            }
        }
        opens.sort(Comparator.comparingLong(o -> o.time));
        Set<Open> unique = new LinkedHashSet<>();
        for (OpenEvent o : opens) {
            boolean byGit = o.imageRaw > shell && isGit(execs.get(o.imageRaw).path);
            if (byGit && o.path.startsWith(GIT_DIR) || isDirectory.test(o.path)) {
                continue;   // git's own repository work, and directories, are no file access of the line
            }
            unique.add(new Open(o.path, o.mode, lineIndex(o.imageRaw, shell)));
        }
        return new ArrayList<>(unique);
    }

    private static boolean isGit(String path) {
        String name = baseName(path);
        return name.equals("git") || name.startsWith("git-");
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static Map<String, String> addedEnv(List<String> env) {
        Map<String, String> added = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            if (!SHELL_OWN_ENV.contains(key) && !BASE_ENV.containsKey(key)) {
                added.put(key, value);
            }
        }
        return added;
    }

    private static int exitOf(List<Event> events) {
        for (Event e : events) {
            if (e instanceof ExitEvent x) {
                return x.status();
            }
        }
        return -1;
    }

    /** The events of one process file, in file order; unfinished calls joined with their resumption. */
    private List<Event> read(int pid, List<String> lines) {
        List<Event> out = new ArrayList<>();
        String pending = null;
        for (String raw : lines) {
            int space = raw.indexOf(' ');
            if (space < 0) {
                continue;
            }
            long time = micros(raw.substring(0, space));
            String text = raw.substring(space + 1);
            if (text.endsWith("<unfinished ...>")) {
                pending = text.substring(0, text.length() - "<unfinished ...>".length()).trim();
                continue;
            }
            if (text.startsWith("<... ")) {
                int end = text.indexOf(" resumed>");
                if (pending == null || end < 0) {
                    continue;
                }
                text = pending + text.substring(end + " resumed>".length());
                pending = null;
            }
            Event e = event(pid, out.size(), time, text);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private Event event(int pid, int seq, long time, String text) {
        if (text.startsWith("+++ exited with ")) {
            return new ExitEvent(Integer.parseInt(text.substring(16, text.indexOf(' ', 16))));
        }
        if (text.startsWith("+++ killed by ")) {
            String name = text.substring(14).split("[ )]")[0];
            return new ExitEvent(128 + Signals.number(name));
        }
        StraceSyntax.Call call = StraceSyntax.call(text);
        if (call == null) {
            return null;
        }
        String result = call.result();
        List<String> args = call.args();
        switch (call.name()) {
            case "execve":
                return result.equals("0") && args.size() >= 3
                        ? new ExecEvent(time, pid, seq, StraceSyntax.string(args.get(0)),
                                StraceSyntax.strings(args.get(1)), StraceSyntax.strings(args.get(2)))
                        : null;
            case "execveat":
                return result.equals("0") && args.size() >= 4
                        ? new ExecEvent(time, pid, seq, execveatPath(args.get(0), args.get(1)),
                                StraceSyntax.strings(args.get(2)), StraceSyntax.strings(args.get(3)))
                        : null;
            case "clone", "clone3", "fork", "vfork":
                int child = childPid(result);
                return child > 0 ? new CloneEvent(child) : null;
            case "openat":
                return args.size() >= 3 ? open(time, args.get(2), result) : null;
            case "open":
                return args.size() >= 2 ? open(time, args.get(1), result) : null;
            case "creat":
                return open(time, "O_WRONLY|O_CREAT|O_TRUNC", result);
            default:
                return null;
        }
    }

    private String execveatPath(String dirfd, String pathArg) {
        String path = StraceSyntax.string(pathArg);
        if (path != null && path.startsWith("/")) {
            return path;
        }
        String dir = sandboxPath(StraceSyntax.decoratedPath(dirfd));
        if (dir == null) {
            return path;
        }
        return path == null || path.isEmpty() ? dir : dir + "/" + path;
    }

    private OpenEvent open(long time, String flags, String result) {
        if (result.startsWith("-") || flags.contains("O_DIRECTORY")) {
            return null;
        }
        String path = sandboxPath(StraceSyntax.decoratedPath(result));
        if (path == null || isSystem(path)) {
            return null;
        }
        return new OpenEvent(time, path, OpenMode.ofFlags(flags));
    }

    private static boolean isSystem(String path) {
        for (String prefix : SYSTEM_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A path as the line saw it, or null for what lies outside the sandbox root (pipes, sockets). */
    private String sandboxPath(String hostPath) {
        if (hostPath == null) {
            return null;
        }
        if (hostPath.equals(root)) {
            return "/";
        }
        return hostPath.startsWith(root + "/") ? hostPath.substring(root.length()) : null;
    }

    /** The child's pid, which names its strace file. */
    private static int childPid(String result) {
        try {
            int end = result.indexOf(' ');
            return Integer.parseInt(end < 0 ? result : result.substring(0, end));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return -1;
        }
    }

    private static long micros(String timestamp) {
        int dot = timestamp.indexOf('.');
        try {
            if (dot < 0) {
                return Long.parseLong(timestamp) * 1_000_000L;
            }
            return Long.parseLong(timestamp.substring(0, dot)) * 1_000_000L
                    + Long.parseLong(timestamp.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
