package dev.capfence.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.capfence.audit.AuditEntry;
import dev.capfence.audit.AuditLogReader;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.service.AiServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's own MCP tool provider over a real MCP server (the npm filesystem server, over stdio), gated by
 * {@link GatedTools#toolProvider}: the tools come from the server at request time, and each call the model makes is
 * decided before it reaches the server.
 */
class McpToolProviderTest {

    interface Assistant {
        String chat(String message);
    }

    @TempDir
    Path dir;

    @Test
    void theServersToolsAreGatedCallByCall() throws Exception {
        Path root = Files.createDirectories(dir.resolve("workspace")).toRealPath();
        Files.createDirectories(root.resolve("notes"));
        Files.writeString(root.resolve("readme.txt"), "hello from the workspace");
        List<String> server = FilesystemServer.command(root);
        Policy policy = Policy.parse("""
                version: 1
                name: mcp-filesystem
                allow:
                  - id: reads
                    capability: [tool.read_text_file, tool.list_allowed_directories]
                  - id: notes
                    capability: tool.write_file
                    path: {within: ["ROOT/notes"]}
                """.replace("ROOT", root.toString()), "mcp-filesystem.yaml");
        Path auditFile = dir.resolve("audit/audit.jsonl");
        JsonlAuditSink sink = JsonlAuditSink.builder(auditFile).open();
        ActionRuntime runtime = ActionRuntime.builder().policy(policy).auditSink(sink).build();
        GatedTools gated = GatedTools.builder(runtime).defaultActor("writer").build();
        ScriptedChatModel model = new ScriptedChatModel();

        McpClient client = new DefaultMcpClient.Builder()
                .transport(new StdioMcpTransport.Builder().command(server).build())
                .initializationTimeout(Duration.ofSeconds(60))
                .toolExecutionTimeout(Duration.ofSeconds(30))
                .build();
        try (client) {
            McpToolProvider mcpTools = McpToolProvider.builder().mcpClients(client).build();
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                    .toolProvider(gated.toolProvider(mcpTools)).build();

            model.willCall("read_text_file", json("path", root.resolve("readme.txt")));
            assistant.chat("what does the readme say?");
            model.willCall("write_file", json("path", root.resolve("evil.txt"), "content", "overwritten"));
            assistant.chat("write evil.txt");
            model.willCall("write_file", json("path", root.resolve("notes/todo.txt"), "content", "buy milk"));
            assistant.chat("note it down");
        } finally {
            sink.close();
        }

        assertThat(model.offeredTools()).allSatisfy(offered -> assertThat(offered)
                .contains("read_text_file", "write_file", "list_allowed_directories"));
        List<String> read = model.toolResultTexts();
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).contains("hello from the workspace");
        assertThat(read.get(1)).isEqualTo("CapFence denied write_file: no rule allows this action");
        assertThat(root.resolve("evil.txt")).as("the denied write never reached the server").doesNotExist();
        assertThat(root.resolve("notes/todo.txt")).as("an allowed write did").hasContent("buy milk");

        List<String> audit = Files.readAllLines(auditFile);
        assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"tool\":\"write_file\"",
                "\"reason_code\":\"no_matching_rule\""));
        assertThat(audit).filteredOn(line -> line.contains("\"type\":\"outcome\""))
                .as("an outcome for each call that ran, none for the refused one").hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"success\""));
        assertThat(AuditVerifier.create().verify(auditFile).intact()).as("audit chain intact").isTrue();
    }

    @Test
    void prefixedServerToolsAreDecidedUnderTheirPrefixedNamesAndAnErrorResultIsAFailedOutcome() throws Exception {
        Path root = Files.createDirectories(dir.resolve("workspace")).toRealPath();
        Files.writeString(root.resolve("readme.txt"), "prefixed hello");
        List<String> server = FilesystemServer.command(root);
        Policy policy = Policy.parse("""
                version: 1
                name: mcp-prefixed
                allow:
                  - id: fs-reads
                    capability: tool.fs_read_text_file
                """, "mcp-prefixed.yaml");
        Path auditFile = dir.resolve("audit/audit.jsonl");
        JsonlAuditSink sink = JsonlAuditSink.builder(auditFile).open();
        ActionRuntime runtime = ActionRuntime.builder().policy(policy).auditSink(sink).build();
        ScriptedChatModel model = new ScriptedChatModel();

        McpClient client = new DefaultMcpClient.Builder()
                .transport(new StdioMcpTransport.Builder().command(server).build())
                .initializationTimeout(Duration.ofSeconds(60))
                .toolExecutionTimeout(Duration.ofSeconds(30))
                .build();
        try (client) {
            McpToolProvider mcpTools = McpToolProvider.builder().mcpClients(client)
                    .toolNameMapper((c, spec) -> "fs_" + spec.name()).build();
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                    .toolProvider(GatedTools.builder(runtime).defaultActor("reader").build().toolProvider(mcpTools))
                    .build();

            model.willCall("fs_read_text_file", json("path", root.resolve("readme.txt")));
            assistant.chat("read the readme");
            model.willCall("fs_read_text_file", json("path", root.resolve("missing.txt")));
            assistant.chat("read a file that is not there");
            model.willCall("fs_write_file", json("path", root.resolve("new.txt"), "content", "x"));
            assistant.chat("write");
        } finally {
            sink.close();
        }

        assertThat(model.offeredTools().get(0)).contains("fs_read_text_file", "fs_write_file");
        List<String> read = model.toolResultTexts();
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).contains("prefixed hello");
        assertThat(read.get(1)).as("the server's own error").doesNotStartWith("CapFence");
        assertThat(read.get(2)).isEqualTo("CapFence denied fs_write_file: no rule allows this action");
        assertThat(root.resolve("new.txt")).doesNotExist();

        List<AuditEntry> entries = AuditLogReader.read(auditFile).entries();
        assertThat(entries).extracting(AuditEntry::type, AuditEntry::capability).containsExactly(
                tuple("decision", "tool.fs_read_text_file"), tuple("outcome", "tool.fs_read_text_file"),
                tuple("decision", "tool.fs_read_text_file"), tuple("outcome", "tool.fs_read_text_file"),
                tuple("decision", "tool.fs_write_file"));
        assertThat(entries.get(1).fields()).containsEntry("outcome", "success");
        assertThat(entries.get(3).fields()).containsEntry("outcome", "failure");
        assertThat(AuditVerifier.create().verify(auditFile).intact()).as("audit chain intact").isTrue();
    }

    private static String json(String key, Object value) {
        return "{\"" + key + "\":\"" + value + "\"}";
    }

    private static String json(String key, Object value, String key2, Object value2) {
        return "{\"" + key + "\":\"" + value + "\",\"" + key2 + "\":\"" + value2 + "\"}";
    }
}
