package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.AuditVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar capfence.jar mcp-proxy} as an MCP client starts it, in front of a stand-in server. */
class McpProxyJarIT {

    @TempDir
    Path dir;

    @Test
    void decidesEachToolCallAndPassesTheRest() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                version: 1
                name: gateway
                deny:
                  - capability: mcp.s.wipe
                    reason: Nothing is wiped
                allow:
                  - capability: mcp.s.t
                """);
        Path audit = dir.resolve("audit.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("capfence.jar", "target/capfence.jar")).toString(), "mcp-proxy",
                "--policy", policy.toString(), "--audit", audit.toString(), "--server-name", "s", "--"));
        command.addAll(McpProxyCommandTest.SED_SERVER);
        Path out = dir.resolve("out.txt");
        Process gateway = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try (var in = gateway.getOutputStream()) {
            in.write(String.join("\n",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{}}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"wipe\",\"arguments\":{}}}",
                    "not json", "").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();

        List<String> replies = Files.readAllLines(out);
        assertThat(replies).hasSize(4);
        assertThat(replies).anySatisfy(r -> assertThat(r).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\""));
        assertThat(replies).anySatisfy(r -> assertThat(r).startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\""));
        assertThat(replies).anySatisfy(r -> assertThat(r).contains("\"id\":3", "CapFence denied wipe: Nothing is wiped",
                "\"isError\":true"));
        assertThat(replies).anySatisfy(r -> assertThat(r).contains("\"id\":null", "-32700"));
        assertThat(AuditVerifier.create().verify(audit).intact()).isTrue();
    }
}
