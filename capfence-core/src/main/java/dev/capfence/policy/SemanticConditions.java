package dev.capfence.policy;

import dev.capfence.semantics.path.CanonicalPath;
import dev.capfence.semantics.path.PathCanonicalizer;
import dev.capfence.semantics.path.PathGlobs;
import dev.capfence.semantics.shell.Assignment;
import dev.capfence.semantics.shell.Redirection;
import dev.capfence.semantics.shell.ShellDialect;
import dev.capfence.semantics.shell.ShellParser;
import dev.capfence.semantics.shell.ShellScript;
import dev.capfence.semantics.shell.SimpleCommand;
import dev.capfence.semantics.sql.SqlAnalyzer;
import dev.capfence.semantics.sql.SqlScript;
import dev.capfence.semantics.sql.SqlStatement;
import dev.capfence.semantics.url.HostPatterns;
import dev.capfence.semantics.url.ParsedUrl;
import dev.capfence.semantics.url.UrlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The semantic conditions {@code command}, {@code sql}, {@code path} and {@code url}: they match what an
 * argument really does, parsed, instead of its text. Each reads one or more values from the payload
 * ({@link Source}); a deny or approval rule holds when any parsed item (simple command, statement, path,
 * URL) satisfies all the condition's keys, an allow rule only when every one does — and never for input
 * that could not be parsed.
 */
final class SemanticConditions {

    private SemanticConditions() {
    }

    /** Where a semantic condition reads its text: a {@code field} path, or upstream's default keys. */
    static final class Source {
        private final FieldPath field;
        private final List<String> defaultKeys;
        /** Built once: every rule asks for it on every evaluation, to share the parsed values. */
        private final String key;

        Source(String name, FieldPath field, List<String> defaultKeys) {
            this.field = field;
            this.defaultKeys = defaultKeys;
            this.key = name + ":" + (field == null ? String.join("|", defaultKeys) : field.toString());
        }

        String key() {
            return key;
        }

        /**
         * Every string under the field or keys, at any depth. A value that is not text (a number, a boolean, an
         * element of a {@code [*]} list without the field) is a null entry: it satisfies no condition, so it
         * makes an allow rule fail and leaves a deny rule to judge the rest.
         */
        List<String> values(EventView e) {
            List<String> out = new ArrayList<>(1);
            if (field != null) {
                for (Object v : field.resolve(e)) {
                    addStrings(v, out);
                }
            } else {
                Map<String, Object> payload = e.event().payload();
                for (String k : defaultKeys) {
                    Object v = payload.get(k);
                    if (v != null) {
                        addStrings(v, out);
                    }
                }
            }
            return out;
        }

        private static void addStrings(Object v, List<String> out) {
            if (v instanceof String s) {
                out.add(s);
            } else if (v instanceof List<?> list) {
                for (Object item : list) {
                    addStrings(item, out);
                }
            } else if (v instanceof Map<?, ?> map) {
                for (Object item : map.values()) {
                    addStrings(item, out);
                }
            } else {
                out.add(null);
            }
        }

        @Override
        public String toString() {
            return field == null ? "payload." + String.join("|", defaultKeys) : field.toString();
        }
    }

    /** Common shape: parse each value once per evaluation, then quantify by the rule's polarity. */
    abstract static sealed class Semantic<T> implements Condition permits Command, Sql, Path, Url {
        final Source source;
        final boolean every;
        /** Built once, not per evaluation: what {@link EventView#memo} computes, and the test of one item. */
        private final Function<EventView, Object> parseValues = this::parseAll;
        private final Predicate<T> holdsFor = item -> item != null && holds(item); // null: not text, satisfies nothing

        Semantic(Source source, boolean every) {
            this.source = source;
            this.every = every;
        }

        abstract T parse(String text);

        abstract boolean holds(T parsed);

        @SuppressWarnings("unchecked")
        final List<T> parsed(EventView e) {
            return (List<T>) e.memo(source.key(), parseValues);
        }

        private Object parseAll(EventView e) {
            List<String> values = source.values(e);
            List<T> out = new ArrayList<>(values.size());
            for (String s : values) {
                out.add(s == null ? null : parse(s));
            }
            return out;
        }

        @Override
        public final boolean test(EventView e) {
            return Quantifier.holds(parsed(e), every, holdsFor);
        }

        @Override
        public final String observed(EventView e) {
            return source + " = " + parsed(e);
        }

        @Override
        public final boolean readsPayload() {
            return true;
        }

        String suffix() {
            return " in " + source + (every ? " (every value)" : "");
        }
    }

    /** {@code command:} over the shell parser. */
    static final class Command extends Semantic<ShellScript> {
        private final CommandKeys keys;
        private final Map<String, List<String>> executables;
        private final Predicate<SimpleCommand> commandMatches = this::matches;

        Command(Source source, boolean every, CommandKeys keys, Map<String, List<String>> executables) {
            super(source, every);
            this.keys = keys;
            this.executables = executables;
        }

        @Override
        ShellScript parse(String text) {
            return ShellParser.parse(text, keys.dialect());
        }

        @Override
        boolean holds(ShellScript script) {
            if (every && script.unparseable() && !Boolean.TRUE.equals(keys.unparseable())) {
                return false; // an allow never covers what could not be read
            }
            if (every && script.hasRunTimeValues()) {
                return false; // nor arguments or redirection targets only known at run time
            }
            if (keys.unparseable() != null && script.unparseable() != keys.unparseable()) {
                return false;
            }
            if (keys.pipesToShell() != null && script.pipesToShell() != keys.pipesToShell()) {
                return false;
            }
            if (keys.assignments() != null && !assignmentsMatch(script.assignments())) {
                return false;
            }
            if (keys.redirects() != null && !redirectsMatch(script.redirects())) {
                return false;
            }
            if (!keys.hasCommandKeys()) {
                return true;
            }
            return Quantifier.holds(script.commands(), every, commandMatches);
        }

        /** Any (deny) or every (allow; none is fine) assignment names a variable the rule lists. */
        private boolean assignmentsMatch(List<Assignment> assignments) {
            for (Assignment a : assignments) {
                if (keys.assignments().matches(a.name()) != every) {
                    return !every;
                }
            }
            return every;
        }

        /**
         * Any (deny) or every (allow; none is fine) redirection of the listed modes opens a file the path keys
         * accept. A target built at run time satisfies a deny and no allow.
         */
        private boolean redirectsMatch(List<Redirection> redirects) {
            RedirectKeys spec = keys.redirects();
            for (Redirection r : redirects) {
                if (!spec.modes().contains(r.mode())) {
                    continue;
                }
                boolean hit = r.targetKnown() ? spec.path().holds(spec.path().parse(r.target())) : !every;
                if (hit != every) {
                    return hit;
                }
            }
            return every;
        }

        private boolean matches(SimpleCommand c) {
            if (keys.programs() != null && !programMatches(c)) {
                return false;
            }
            if (keys.flagsAny() != null && !anyFlag(c, keys.flagsAny())) {
                return false;
            }
            if (keys.flagsAll() != null) {
                for (Set<String> alternatives : keys.flagsAll()) {
                    if (!anyFlag(c, alternatives)) {
                        return false;
                    }
                }
            }
            if (keys.subcommands() != null && !subcommandMatches(c)) {
                return false;
            }
            if (keys.argsAny() != null) {
                for (String arg : c.args()) {
                    if (keys.argsAny().matches(arg)) {
                        return true;
                    }
                }
                if (!every) { // a value attached to an option (-o/etc/x, --file=/etc/x) is an argument too
                    for (String value : c.optionValues()) {
                        if (keys.argsAny().matches(value)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            return true;
        }

        /**
         * The command has one of the flags. For a deny, a long option written shorter also counts
         * ({@code --recurs} is {@code --recursive} to GNU getopt); an allow needs the name as listed.
         */
        private boolean anyFlag(SimpleCommand c, Set<String> wanted) {
            for (String f : c.flags()) {
                if (wanted.contains(f)) {
                    return true;
                }
            }
            if (!every) {
                for (String written : c.longFlags()) {
                    for (String w : wanted) {
                        if (w.length() > written.length() && w.startsWith(written)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** The subcommand matches; one built at run time satisfies a deny and no allow. */
        private boolean subcommandMatches(SimpleCommand c) {
            if (c.subcommand() < 0) {
                return false;
            }
            if (c.unknownArgs().contains(c.subcommand())) {
                return !every;
            }
            return keys.subcommands().matches(c.subcommandWord());
        }

        /**
         * A deny matches the basename however the program was written. An allow matches a bare name, or a path
         * the policy pins under {@code executables}: a planted {@code /tmp/git} never rides on an allow for git.
         */
        private boolean programMatches(SimpleCommand c) {
            boolean named = keys.programs().matches(c.program());
            if (!named || !every || !c.programIsPath()) {
                return named;
            }
            List<String> pinned = executables.get(c.program());
            return pinned != null && pinned.contains(PathCanonicalizer.lexical().canonicalize(c.programAsWritten()).toString());
        }

        @Override
        public String describe() {
            return "command " + keys.describe() + suffix();
        }
    }

    /** The keys of one {@code command:} condition; null means not given. */
    record CommandKeys(ShellDialect dialect, GlobSet programs, Set<String> flagsAny, Set<String>[] flagsAll,
                       GlobSet argsAny, GlobSet subcommands, GlobSet assignments, RedirectKeys redirects,
                       Boolean pipesToShell, Boolean unparseable) {

        boolean hasCommandKeys() {
            return programs != null || flagsAny != null || flagsAll != null || argsAny != null || subcommands != null;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (programs != null) parts.add("program " + programs);
            if (flagsAny != null) parts.add("flags_any " + flagsAny);
            if (flagsAll != null) parts.add("flags_all " + List.of(flagsAll));
            if (argsAny != null) parts.add("args_any " + argsAny);
            if (subcommands != null) parts.add("subcommand " + subcommands);
            if (assignments != null) parts.add("assignments " + assignments);
            if (redirects != null) parts.add("redirects " + redirects.describe());
            if (pipesToShell != null) parts.add("pipes_to_shell " + pipesToShell);
            if (unparseable != null) parts.add("unparseable " + unparseable);
            if (dialect != ShellDialect.POSIX) parts.add("shell " + dialect);
            return String.join(", ", parts);
        }
    }

    /** {@code redirects:} which modes count, and the path keys their targets are judged by. */
    record RedirectKeys(Set<Redirection.Mode> modes, Path path) {
        String describe() {
            return modes + " " + path.describe();
        }
    }

    /** {@code sql:} over the SQL analyzer. */
    static final class Sql extends Semantic<SqlScript> {
        private final Set<String> statementsAny;
        private final Boolean whereMissing;
        private final GlobSet tablesAny;
        private final GlobSet tablesOutside;
        private final GlobSet functionsAny;
        private final Boolean multipleStatements;
        private final Boolean unparseable;

        Sql(Source source, boolean every, Set<String> statementsAny, Boolean whereMissing, GlobSet tablesAny,
            GlobSet tablesOutside, GlobSet functionsAny, Boolean multipleStatements, Boolean unparseable) {
            super(source, every);
            this.statementsAny = statementsAny;
            this.whereMissing = whereMissing;
            this.tablesAny = tablesAny;
            this.tablesOutside = tablesOutside;
            this.functionsAny = functionsAny;
            this.multipleStatements = multipleStatements;
            this.unparseable = unparseable;
        }

        private boolean hasStatementKeys() {
            return statementsAny != null || whereMissing != null || tablesAny != null || tablesOutside != null
                    || functionsAny != null;
        }

        @Override
        SqlScript parse(String text) {
            return SqlAnalyzer.analyze(text);
        }

        @Override
        boolean holds(SqlScript script) {
            if (every && script.unparseable() && !Boolean.TRUE.equals(unparseable)) {
                return false;
            }
            if (unparseable != null && script.unparseable() != unparseable) {
                return false;
            }
            if (multipleStatements != null && script.multipleStatements() != multipleStatements) {
                return false;
            }
            if (!hasStatementKeys()) {
                return true;
            }
            // What could not be read may call anything: a deny or approval rule on functions holds for it.
            boolean callsAnything = script.unparseable();
            if (callsAnything && functionsAny != null && statementsAny == null && whereMissing == null
                    && tablesAny == null && tablesOutside == null) {
                return true; // an allow gets here only when it says unparseable: true
            }
            return Quantifier.holds(script.statements(), every, s -> matches(s, callsAnything));
        }

        private boolean matches(SqlStatement s, boolean callsAnything) {
            if (statementsAny != null && !statementsAny.contains(s.kind())) {
                return false;
            }
            if (functionsAny != null && !callsAnything && !functionsMatch(s)) {
                return false;
            }
            if (whereMissing != null && s.whereMissing() != whereMissing) {
                return false;
            }
            if (tablesAny != null && !anyTable(s, tablesAny, true)) {
                return false;
            }
            return tablesOutside == null || anyTable(s, tablesOutside, false);
        }

        /** Some table the statement reads is ({@code in}) or is not in {@code tables}. */
        private static boolean anyTable(SqlStatement s, GlobSet tables, boolean in) {
            for (String t : s.tables()) {
                if (tables.matches(t) == in) {
                    return true;
                }
            }
            return false;
        }

        /** Deny or approval: some function called matches. Allow: every function called matches. */
        private boolean functionsMatch(SqlStatement s) {
            for (String f : s.functions()) {
                if (functionsAny.matches(f) != every) {
                    return !every;
                }
            }
            return every;
        }

        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (statementsAny != null) parts.add("statements_any " + statementsAny);
            if (whereMissing != null) parts.add("where_missing " + whereMissing);
            if (tablesAny != null) parts.add("tables_any " + tablesAny);
            if (tablesOutside != null) parts.add("tables_outside " + tablesOutside);
            if (functionsAny != null) parts.add("functions_any " + functionsAny);
            if (multipleStatements != null) parts.add("multiple_statements " + multipleStatements);
            if (unparseable != null) parts.add("unparseable " + unparseable);
            return "sql " + String.join(", ", parts) + suffix();
        }
    }

    /** {@code path:} (and upstream's {@code path_prefix}) over canonical paths. */
    static final class Path extends Semantic<CanonicalPath> {
        private final PathCanonicalizer canonicalizer;
        private final CanonicalPath[] within;
        private final CanonicalPath[] outside;
        private final PathGlobs matchesAny;
        private final Boolean suspicious;
        private final String text;

        Path(Source source, boolean every, PathCanonicalizer canonicalizer, CanonicalPath[] within,
             CanonicalPath[] outside, PathGlobs matchesAny, Boolean suspicious, String text) {
            super(source, every);
            this.canonicalizer = canonicalizer;
            this.within = within;
            this.outside = outside;
            this.matchesAny = matchesAny;
            this.suspicious = suspicious;
            this.text = text;
        }

        @Override
        CanonicalPath parse(String raw) {
            return canonicalizer.canonicalize(raw);
        }

        @Override
        boolean holds(CanonicalPath p) {
            if (every && p.suspicious() && !Boolean.TRUE.equals(suspicious)) {
                return false;
            }
            if (suspicious != null && p.suspicious() != suspicious) {
                return false;
            }
            if (within != null && !anyPrefix(within, p)) {
                return false;
            }
            if (outside != null && anyPrefix(outside, p)) {
                return false;
            }
            return matchesAny == null || matchesAny.matchesAny(p);
        }

        private static boolean anyPrefix(CanonicalPath[] prefixes, CanonicalPath p) {
            for (CanonicalPath prefix : prefixes) {
                if (p.isWithin(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return text + suffix();
        }
    }

    /** {@code url:} over the WHATWG-style URL parser. */
    static final class Url extends Semantic<ParsedUrl> {
        private final HostPatterns hostIn;
        private final HostPatterns hostNotIn;
        private final Set<String> schemeIn;
        private final Set<Integer> portIn;
        private final Boolean unparseable;

        Url(Source source, boolean every, HostPatterns hostIn, HostPatterns hostNotIn, Set<String> schemeIn,
            Set<Integer> portIn, Boolean unparseable) {
            super(source, every);
            this.hostIn = hostIn;
            this.hostNotIn = hostNotIn;
            this.schemeIn = schemeIn;
            this.portIn = portIn;
            this.unparseable = unparseable;
        }

        @Override
        ParsedUrl parse(String raw) {
            return UrlParser.parse(raw);
        }

        @Override
        boolean holds(ParsedUrl u) {
            if (unparseable != null && u.unparseable() != unparseable) {
                return false;
            }
            if (u.unparseable() && (hostIn != null || hostNotIn != null || schemeIn != null || portIn != null)) {
                // what cannot be read is in no list and, for a deny, outside every list
                return !every && hostIn == null && schemeIn == null && portIn == null;
            }
            if (hostIn != null && !hostIn.matchesAny(u.host())) {
                return false;
            }
            if (hostNotIn != null && hostNotIn.matchesAny(u.host())) {
                return false;
            }
            if (portIn != null && !portIn.contains(u.port())) {
                return false;
            }
            return schemeIn == null || (u.scheme() != null && schemeIn.contains(u.scheme()));
        }

        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (hostIn != null) parts.add("host_in " + hostIn);
            if (hostNotIn != null) parts.add("host_not_in " + hostNotIn);
            if (schemeIn != null) parts.add("scheme_in " + schemeIn);
            if (portIn != null) parts.add("port_in " + portIn);
            if (unparseable != null) parts.add("unparseable " + unparseable);
            return "url " + String.join(", ", parts) + suffix();
        }
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
