package dev.capfence.semantics.shell.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Observations kept as JSON lines: the regression cases in {@code differential/regressions.jsonl} (what the
 * real shells did for every counterexample found so far, replayed on every build without a sandbox), and the
 * counterexamples a run writes for a developer to add there.
 */
final class RegressionStore {

    static final String RESOURCE = "differential/regressions.jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegressionStore() {
    }

    static List<Observation> load() {
        List<Observation> out = new ArrayList<>();
        for (String line : EffectCheck.resource(RESOURCE).split("\n")) {
            if (!line.isBlank()) {
                out.add(fromJson(JSON.readTree(line)));
            }
        }
        return out;
    }

    static void append(Path file, List<Observation> observations) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            StringBuilder text = new StringBuilder();
            for (Observation o : observations) {
                text.append(JSON.writeValueAsString(toJson(o))).append('\n');
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> toJson(Observation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", o.line());
        m.put("shell", o.shell().name().toLowerCase());
        m.put("exit", o.exit());
        List<Object> execs = new ArrayList<>();
        for (Exec e : o.execs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("path", e.path());
            x.put("argv", e.argv());
            if (!e.addedEnv().isEmpty()) {
                x.put("env", e.addedEnv());
            }
            x.put("started_by", e.startedBy());
            execs.add(x);
        }
        m.put("execs", execs);
        List<Object> opens = new ArrayList<>();
        for (Open op : o.opens()) {
            opens.add(Map.of("path", op.path(), "mode", op.mode().name(), "image", op.image()));
        }
        m.put("opens", opens);
        m.put("writes", Map.of("created", o.writes().created(), "changed", o.writes().changed(),
                "deleted", o.writes().deleted()));
        return m;
    }

    static Observation fromJson(JsonNode n) {
        List<Exec> execs = new ArrayList<>();
        for (JsonNode e : n.get("execs")) {
            Map<String, String> env = new LinkedHashMap<>();
            if (e.has("env")) {
                e.get("env").properties().forEach(p -> env.put(p.getKey(), p.getValue().asString()));
            }
            execs.add(new Exec(e.get("path").asString(), strings(e.get("argv")), env, e.get("started_by").asInt()));
        }
        List<Open> opens = new ArrayList<>();
        for (JsonNode op : n.get("opens")) {
            opens.add(new Open(op.get("path").asString(), OpenMode.valueOf(op.get("mode").asString()),
                    op.get("image").asInt()));
        }
        JsonNode w = n.get("writes");
        return new Observation(n.get("line").asString(), RealShell.valueOf(n.get("shell").asString().toUpperCase()),
                n.get("exit").asInt(), false, execs, opens,
                new Writes(strings(w.get("created")), strings(w.get("changed")), strings(w.get("deleted"))), "", "");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(s.asString());
        }
        return out;
    }
}
