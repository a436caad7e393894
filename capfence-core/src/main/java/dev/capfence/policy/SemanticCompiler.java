package dev.capfence.policy;

import dev.capfence.semantics.path.CanonicalPath;
import dev.capfence.semantics.path.PathCanonicalizer;
import dev.capfence.semantics.path.PathGlob;
import dev.capfence.semantics.path.PathGlobs;
import dev.capfence.semantics.url.HostPattern;
import dev.capfence.semantics.url.HostPatterns;
import dev.capfence.semantics.shell.Redirection;
import dev.capfence.semantics.shell.ShellDialect;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the semantic rule keys {@code command}, {@code sql}, {@code path}, {@code url} (and upstream's
 * {@code path_prefix}) and the policy-wide settings they use: {@code paths} (home, working directory,
 * symlink resolution) and {@code executables} (the paths pinned for a program name).
 */
final class SemanticCompiler {

    static final List<String> COMMAND_KEYS = List.of("program", "flags_any", "flags_all", "args_any", "subcommand",
            "assignments", "redirects", "pipes_to_shell", "unparseable", "shell", "field");
    static final List<String> REDIRECT_KEYS = List.of("mode", "within", "outside", "matches_any", "suspicious");
    static final List<String> SHELLS = List.of("posix", "dash", "bash", "zsh");
    static final List<String> SQL_KEYS = List.of("statements_any", "where_missing", "tables_any", "tables_outside",
            "functions_any", "multiple_statements", "unparseable", "field");
    static final List<String> PATH_KEYS = List.of("within", "outside", "matches_any", "suspicious", "field");
    static final List<String> URL_KEYS = List.of("host_in", "host_not_in", "scheme_in", "port_in", "unparseable",
            "field");
    static final List<String> PATHS_SETTINGS = List.of("home", "working_dir", "resolve_symlinks");

    static final List<String> COMMAND_FIELDS = List.of("command", "cmd", "script");
    static final List<String> SQL_FIELDS = List.of("sql", "query", "statement");
    static final List<String> PATH_FIELDS = List.of("path", "file", "filepath", "filename", "target", "directory", "root");
    static final List<String> URL_FIELDS = List.of("url", "uri", "endpoint");

    /** Policy-wide settings, read from the top policy file before any rule is compiled. */
    static final class Settings {
        PathCanonicalizer canonicalizer = PathCanonicalizer.lexical();
        String home;
        /** The shell that runs {@code command:} values unless a condition names one: any POSIX shell. */
        ShellDialect shell = ShellDialect.POSIX;
        final Map<String, List<String>> executables = new LinkedHashMap<>();

        /** Reads {@code paths} and {@code executables} of the top policy document. */
        static Settings read(YamlNode doc, Problems p) {
            Settings s = new Settings();
            if (doc == null || !doc.isMapping()) {
                return s;
            }
            YamlNode paths = doc.get("paths");
            if (paths != null) {
                s.readPaths(paths, p);
            }
            YamlNode exe = doc.get("executables");
            if (exe != null) {
                s.readExecutables(exe, p);
            }
            YamlNode shell = doc.get("shell");
            if (shell != null) {
                ShellDialect d = dialect(shell, "shell", p);
                s.shell = d == null ? s.shell : d;
            }
            return s;
        }

        private void readPaths(YamlNode paths, Problems p) {
            if (!paths.isMapping()) {
                p.add(paths, "paths must be a mapping of " + String.join(", ", PATHS_SETTINGS));
                return;
            }
            unknownKeys(paths, "paths", PATHS_SETTINGS, p);
            try {
                YamlNode home = paths.get("home");
                if (home != null && home.scalar instanceof String h) {
                    canonicalizer = canonicalizer.withHome(h);
                    this.home = h;
                } else if (home != null) {
                    p.add(home, "paths.home must be an absolute path");
                }
                YamlNode base = paths.get("working_dir");
                if (base != null && base.scalar instanceof String b) {
                    canonicalizer = canonicalizer.withBase(b);
                } else if (base != null) {
                    p.add(base, "paths.working_dir must be an absolute path");
                }
            } catch (IllegalArgumentException e) {
                p.add(paths, "paths: " + e.getMessage());
            }
            YamlNode symlinks = paths.get("resolve_symlinks");
            if (symlinks != null) {
                if (symlinks.scalar instanceof Boolean on) {
                    canonicalizer = canonicalizer.resolvingSymlinks(on);
                } else {
                    p.add(symlinks, "paths.resolve_symlinks must be true or false");
                }
            }
        }

        private void readExecutables(YamlNode exe, Problems p) {
            if (!exe.isMapping()) {
                p.add(exe, "executables maps a program name to the absolute paths it may run from");
                return;
            }
            for (YamlNode.Entry e : exe.entries) {
                List<String> pinned = new ArrayList<>();
                YamlNode v = e.value();
                for (YamlNode item : v.isSequence() ? v.items : List.of(v)) {
                    if (item.scalar instanceof String s && s.startsWith("/")) {
                        pinned.add(PathCanonicalizer.lexical().canonicalize(s).toString());
                    } else {
                        p.add(item, "executables." + e.key() + " takes absolute paths such as /usr/bin/" + e.key());
                    }
                }
                executables.put(e.key(), List.copyOf(pinned));
            }
        }
    }

    private final Settings settings;
    private final Problems p;

    SemanticCompiler(Settings settings, Problems p) {
        this.settings = settings;
        this.p = p;
    }

    Condition command(YamlNode node, boolean every) {
        if (!mapping(node, "command", COMMAND_KEYS)) {
            return null;
        }
        ShellDialect dialect = settings.shell;
        if (node.get("shell") != null) {
            ShellDialect d = dialect(node.get("shell"), "shell", p);
            dialect = d == null ? dialect : d;
        }
        SemanticConditions.CommandKeys keys = new SemanticConditions.CommandKeys(dialect,
                globSet(node.get("program"), "program"), flagSet(node.get("flags_any"), "flags_any"),
                flagGroups(node.get("flags_all")), globSet(node.get("args_any"), "args_any"),
                globSet(node.get("subcommand"), "subcommand"), globSet(node.get("assignments"), "assignments"),
                redirects(node.get("redirects"), every), bool(node.get("pipes_to_shell"), "pipes_to_shell"),
                bool(node.get("unparseable"), "unparseable"));
        // each reading of the same text is parsed once per evaluation
        String name = dialect == ShellDialect.POSIX ? "command" : "command@" + dialect;
        return new SemanticConditions.Command(source(node, name, COMMAND_FIELDS), every, keys, settings.executables);
    }

    private static ShellDialect dialect(YamlNode node, String key, Problems p) {
        ShellDialect d = node.scalar instanceof String s ? ShellDialect.named(s) : null;
        if (d == null) {
            p.add(node, key + " names the shell that runs the command: one of " + String.join(", ", SHELLS));
        }
        return d;
    }

    /**
     * {@code redirects: {mode: [write, append], outside: ["."]}}: the path keys of {@code path:} over every
     * redirection target, resolved the same way; {@code mode} defaults to every mode that opens a file.
     */
    private SemanticConditions.RedirectKeys redirects(YamlNode node, boolean every) {
        if (node == null) {
            return null;
        }
        if (!node.isMapping() || node.entries.isEmpty()) {
            p.add(node, "redirects takes a mapping of " + String.join(", ", REDIRECT_KEYS));
            return null;
        }
        unknownKeys(node, "redirects", REDIRECT_KEYS, p);
        Set<Redirection.Mode> modes = EnumSet.noneOf(Redirection.Mode.class);
        YamlNode mode = node.get("mode");
        if (mode == null) {
            for (Redirection.Mode m : Redirection.Mode.values()) {
                if (m.opensFile()) {
                    modes.add(m);
                }
            }
        } else {
            for (YamlNode item : items(mode, "mode")) {
                String name = ((String) item.scalar).trim().toUpperCase(Locale.ROOT).replace('-', '_');
                try {
                    modes.add(Redirection.Mode.valueOf(name));
                } catch (IllegalArgumentException e) {
                    p.add(item, "redirects.mode takes read, write, append, read_write, duplicate, here_text");
                }
            }
        }
        SemanticConditions.Path path = pathKeys(node, new SemanticConditions.Source("redirects", null, List.of()),
                every, "redirect target");
        return new SemanticConditions.RedirectKeys(modes, path);
    }

    Condition sql(YamlNode node, boolean every) {
        if (!mapping(node, "sql", SQL_KEYS)) {
            return null;
        }
        Set<String> kinds = null;
        YamlNode statements = node.get("statements_any");
        if (statements != null) {
            kinds = new LinkedHashSet<>();
            for (YamlNode item : items(statements, "statements_any")) {
                // CREATE_USER and "CREATE USER" name the same kind
                kinds.add(SemanticConditions.upper(((String) item.scalar).trim()).replace(' ', '_'));
            }
        }
        return new SemanticConditions.Sql(source(node, "sql", SQL_FIELDS), every, kinds,
                bool(node.get("where_missing"), "where_missing"), globSet(node.get("tables_any"), "tables_any"),
                globSet(node.get("tables_outside"), "tables_outside"), globSet(node.get("functions_any"), "functions_any"),
                bool(node.get("multiple_statements"), "multiple_statements"), bool(node.get("unparseable"), "unparseable"));
    }

    Condition path(YamlNode node, boolean every) {
        if (!mapping(node, "path", PATH_KEYS)) {
            return null;
        }
        return pathKeys(node, source(node, "path", PATH_FIELDS), every, describe("path", node));
    }

    private SemanticConditions.Path pathKeys(YamlNode node, SemanticConditions.Source source, boolean every,
                                             String text) {
        CanonicalPath[] within = prefixes(node.get("within"), "within");
        CanonicalPath[] outside = prefixes(node.get("outside"), "outside");
        PathGlobs matchesAny = null;
        YamlNode globs = node.get("matches_any");
        if (globs != null) {
            List<PathGlob> out = new ArrayList<>();
            for (YamlNode item : items(globs, "matches_any")) {
                try {
                    // secrets are secrets on case-insensitive filesystems too: match ignoring case
                    out.add(PathGlob.compile((String) item.scalar, settings.home).ignoringCase());
                } catch (IllegalArgumentException e) {
                    p.add(item, "bad path glob: " + e.getMessage());
                }
            }
            matchesAny = PathGlobs.of(out);
        }
        return new SemanticConditions.Path(source, every, settings.canonicalizer, within, outside, matchesAny,
                bool(node.get("suspicious"), "suspicious"), text);
    }

    /** Upstream's {@code path_prefix}: the same canonical containment as {@code path: {within: …}}. */
    Condition pathPrefix(YamlNode node, boolean every) {
        CanonicalPath[] within = prefixes(node, "path_prefix");
        return new SemanticConditions.Path(new SemanticConditions.Source("path", null, PATH_FIELDS), every,
                settings.canonicalizer, within, null, null, null, "path within " + WhenExpr.render(node.toPlain()));
    }

    Condition url(YamlNode node, boolean every) {
        if (!mapping(node, "url", URL_KEYS)) {
            return null;
        }
        Set<String> schemes = null;
        YamlNode schemeIn = node.get("scheme_in");
        if (schemeIn != null) {
            schemes = new LinkedHashSet<>();
            for (YamlNode item : items(schemeIn, "scheme_in")) {
                schemes.add(((String) item.scalar).toLowerCase(Locale.ROOT));
            }
        }
        Set<Integer> ports = null;
        YamlNode portIn = node.get("port_in");
        if (portIn != null) {
            ports = new LinkedHashSet<>();
            for (YamlNode item : portIn.isSequence() ? portIn.items : List.of(portIn)) {
                if (item.scalar instanceof java.math.BigDecimal d && d.scale() <= 0 && d.intValue() > 0 && d.intValue() < 65536) {
                    ports.add(d.intValue());
                } else {
                    p.add(item, "port_in takes port numbers from 1 to 65535");
                }
            }
        }
        return new SemanticConditions.Url(source(node, "url", URL_FIELDS), every, hosts(node.get("host_in"), "host_in"),
                hosts(node.get("host_not_in"), "host_not_in"), schemes, ports, bool(node.get("unparseable"), "unparseable"));
    }

    private boolean mapping(YamlNode node, String key, List<String> keys) {
        if (!node.isMapping() || node.entries.isEmpty()) {
            p.add(node, key + " takes a mapping of " + String.join(", ", keys));
            return false;
        }
        unknownKeys(node, key, keys, p);
        boolean onlyField = node.entries.size() == 1 && node.get("field") != null;
        if (onlyField) {
            p.add(node, key + " needs a condition besides field");
            return false;
        }
        return true;
    }

    private static void unknownKeys(YamlNode node, String where, List<String> known, Problems p) {
        for (YamlNode.Entry e : node.entries) {
            if (!known.contains(e.key())) {
                p.add(e, "unknown key '" + e.key() + "' in " + where + PolicyCompiler.suggest(e.key(), known)
                        + "; use " + String.join(", ", known));
            }
        }
    }

    private SemanticConditions.Source source(YamlNode node, String name, List<String> defaults) {
        YamlNode field = node.get("field");
        if (field == null) {
            return new SemanticConditions.Source(name, null, defaults);
        }
        if (!(field.scalar instanceof String f)) {
            p.add(field, "field must be a path such as payload." + defaults.get(0));
            return new SemanticConditions.Source(name, null, defaults);
        }
        try {
            return new SemanticConditions.Source(name, FieldPath.parse(f), defaults);
        } catch (IllegalArgumentException e) {
            p.add(field, e.getMessage());
            return new SemanticConditions.Source(name, null, defaults);
        }
    }

    private List<YamlNode> items(YamlNode node, String key) {
        List<YamlNode> out = new ArrayList<>();
        List<YamlNode> raw = node.isSequence() ? node.items : List.of(node);
        if (raw.isEmpty()) {
            p.add(node, key + " is an empty list");
        }
        for (YamlNode item : raw) {
            if (item.scalar instanceof String s && !s.isEmpty()) {
                out.add(item);
            } else if (item.scalar instanceof java.math.BigDecimal d) {
                out.add(YamlNode.scalar(d.toPlainString(), item.line, item.column));
            } else {
                p.add(item, key + " takes non-empty strings; found " + item.describeKind());
            }
        }
        return out;
    }

    private GlobSet globSet(YamlNode node, String key) {
        if (node == null) {
            return null;
        }
        List<Glob> out = new ArrayList<>();
        for (YamlNode item : items(node, key)) {
            String s = (String) item.scalar;
            String bad = PolicyCompiler.globProblem(s);
            if (bad != null) {
                p.add(item, "bad glob '" + s + "' in " + key + ": " + bad);
            } else {
                out.add(key.equals("program") || key.startsWith("tables") || key.equals("functions_any") ? Glob.ignoringCase(s) : Glob.of(s));
            }
        }
        return GlobSet.of(out.toArray(new Glob[0]));
    }

    /** Flags are written without dashes: {@code [r, R, recursive]}. */
    private Set<String> flagSet(YamlNode node, String key) {
        if (node == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (YamlNode item : items(node, key)) {
            String f = (String) item.scalar;
            if (f.startsWith("-")) {
                p.add(item, key + ": write flags without dashes ('" + f.replaceFirst("^-+", "") + "')");
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Each item of {@code flags_all} is a flag or a list of alternatives: {@code [[r, R, recursive], [f, force]]}. */
    @SuppressWarnings("unchecked")
    private Set<String>[] flagGroups(YamlNode node) {
        if (node == null) {
            return null;
        }
        List<Set<String>> groups = new ArrayList<>();
        for (YamlNode item : node.isSequence() ? node.items : List.of(node)) {
            groups.add(flagSet(item, "flags_all"));
        }
        if (groups.isEmpty()) {
            p.add(node, "flags_all is an empty list");
        }
        return groups.toArray(new Set[0]);
    }

    private Boolean bool(YamlNode node, String key) {
        if (node == null) {
            return null;
        }
        if (node.scalar instanceof Boolean b) {
            return b;
        }
        p.add(node, key + " must be true or false");
        return null;
    }

    private CanonicalPath[] prefixes(YamlNode node, String key) {
        if (node == null) {
            return null;
        }
        List<CanonicalPath> out = new ArrayList<>();
        for (YamlNode item : items(node, key)) {
            CanonicalPath c = settings.canonicalizer.canonicalize((String) item.scalar);
            if (c.suspicious() || c.escapes()) {
                p.add(item, key + ": '" + item.scalar + "' is not a usable path" + (c.problem() == null ? "" : ": " + c.problem()));
            } else {
                out.add(c);
            }
        }
        return out.toArray(new CanonicalPath[0]);
    }

    private HostPatterns hosts(YamlNode node, String key) {
        if (node == null) {
            return null;
        }
        List<HostPattern> out = new ArrayList<>();
        for (YamlNode item : items(node, key)) {
            try {
                out.add(HostPattern.compile((String) item.scalar));
            } catch (IllegalArgumentException e) {
                p.add(item, "bad host pattern in " + key + ": " + e.getMessage());
            }
        }
        return HostPatterns.of(out);
    }

    private static String describe(String key, YamlNode node) {
        return key + " " + WhenExpr.render(node.toPlain());
    }
}
