package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The oracle agrees with answers recorded from the reference shell-oracle tool
 * (differential/shell-oracle-expectations.jsonl): same programs with the same arguments and added
 * environment, same exit status, same writes, and every file it saw read is opened for reading here.
 */
class ShellOracleAgreementTest {

    private record Expected(String line, RealShell shell, int exit, List<String> execs, List<String> reads,
                            JsonNode writes) {}

    @Test
    void agreesWithRecordedReferenceAnswers() throws IOException {
        assumeTrue(SandboxOracle.unavailableReason().isEmpty(),
                () -> "sandbox oracle skipped: " + SandboxOracle.unavailableReason().orElse(""));
        List<Expected> expected = expectations();
        List<String> lines = expected.stream().map(Expected::line).distinct().toList();
        List<RealShell> shells = List.of(RealShell.BASH, RealShell.DASH);
        List<Observation> observed;
        try (SandboxOracle oracle = SandboxOracle.start()) {
            observed = oracle.run(lines, shells);
        }
        assertThat(expected).hasSize(observed.size());
        for (Expected e : expected) {
            Observation o = observed.get(lines.indexOf(e.line()) * shells.size() + shells.indexOf(e.shell()));
            String what = e.shell() + " <" + e.line() + ">";
            assertThat(o.exit()).as(what).isEqualTo(e.exit());
            // pipeline members start in parallel, so their order is not part of the answer
            assertThat(o.execs().stream().map(ShellOracleAgreementTest::describe).toList()).as(what)
                    .containsExactlyInAnyOrderElementsOf(e.execs());
            assertThat(o.writes().created()).as(what).isEqualTo(strings(e.writes().get("created")));
            assertThat(o.writes().changed()).as(what).isEqualTo(strings(e.writes().get("changed")));
            assertThat(o.writes().deleted()).as(what).isEqualTo(strings(e.writes().get("deleted")));
            List<String> readHere = o.opens().stream()
                    .filter(open -> open.mode() == OpenMode.READ || open.mode() == OpenMode.READ_WRITE)
                    .map(Open::path).toList();
            assertThat(readHere).as(what).containsAll(e.reads());
        }
    }

    private static String describe(Exec exec) {
        return exec.path() + " " + exec.argv() + " " + new TreeMap<>(exec.addedEnv());
    }

    private static List<Expected> expectations() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Expected> out = new ArrayList<>();
        try (InputStream in = ShellOracleAgreementTest.class
                .getResourceAsStream("/differential/shell-oracle-expectations.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                List<String> execs = new ArrayList<>();
                for (JsonNode exec : node.get("execs")) {
                    Map<String, String> env = new LinkedHashMap<>();
                    if (exec.has("env")) {
                        for (Map.Entry<String, JsonNode> entry : exec.get("env").properties()) {
                            env.put(entry.getKey(), entry.getValue().asString());
                        }
                    }
                    execs.add(exec.get("path").asString() + " " + strings(exec.get("argv")) + " "
                            + new TreeMap<>(env));
                }
                out.add(new Expected(node.get("command").asString(),
                        RealShell.valueOf(node.get("shell").asString().toUpperCase()), node.get("exit").asInt(),
                        execs, strings(node.get("reads")), node.get("writes")));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.asString());
        }
        return out;
    }
}
