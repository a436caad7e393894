package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.audit.InMemoryAuditSink;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An MCP server over streamable HTTP whose tools have side effects the tests can see: a counter per tool, and files
 * in a temporary directory. Its tools come by every route: a ToolCallbackProvider of {@code @Tool} methods, a
 * ToolCallback bean that is gated already, {@code @McpTool} methods and a specification list of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class McpTestServer {


    /** How often each tool's body ran. */
    static final class Counters {

        private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        int ran(String tool) {
            return runs.computeIfAbsent(tool, t -> new AtomicInteger()).incrementAndGet();
        }

        int runs(String tool) {
            return runs.computeIfAbsent(tool, t -> new AtomicInteger()).get();
        }

        void reset() {
            runs.clear();
        }
    }

    /** Tools exposed through a ToolCallbackProvider (converted by Spring AI into MCP tool specifications). */
    static final class AgentTools {

        private final Counters counters;

        AgentTools(Counters counters) {
            this.counters = counters;
        }

        @Tool(name = "echo", description = "Echoes a text")
        public String echo(@ToolParam(description = "the text") String text) {
            counters.ran("echo");
            return "echo:" + text;
        }

        @Tool(name = "wipe_disk", description = "Wipes a disk")
        public String wipeDisk(@ToolParam(description = "the device") String device) {
            counters.ran("wipe_disk");
            return "wiped " + device;
        }

        @Tool(name = "transfer", description = "Transfers money")
        public String transfer(@ToolParam(description = "to whom") String to,
                               @ToolParam(description = "how much") long amount) {
            counters.ran("transfer");
            return "sent " + amount + " to " + to;
        }
    }

    /** A tool whose ToolCallback bean is gated already (as the ChatClient side does with ToolCallback beans). */
    static final class NoteTool {

        private final Counters counters;

        NoteTool(Counters counters) {
            this.counters = counters;
        }

        @Tool(name = "take_note", description = "Takes a note")
        public String takeNote(@ToolParam(description = "the note") String note) {
            counters.ran("take_note");
            return "noted " + note;
        }
    }

    /** {@code @McpTool} methods: the MCP annotations make tool specifications of them, with no ToolCallback. */
    static final class FileTools {

        private final Counters counters;
        private final Path dir;

        FileTools(Counters counters) {
            this.counters = counters;
            try {
                this.dir = Files.createTempDirectory("capfence-mcp");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path dir() {
            return dir;
        }

        @McpTool(name = "write_file", description = "Writes a file")
        public String writeFile(@McpToolParam(description = "file name") String name,
                                @McpToolParam(description = "content") String content) throws IOException {
            counters.ran("write_file");
            Files.writeString(dir.resolve(name), content);
            return "wrote " + name;
        }

        @McpTool(name = "delete_file", description = "Deletes a file")
        public String deleteFile(@McpToolParam(description = "file name") String name) throws IOException {
            counters.ran("delete_file");
            Files.deleteIfExists(dir.resolve(name));
            return "deleted " + name;
        }
    }

    @Bean
    Counters counters() {
        return new Counters();
    }

    @Bean
    InMemoryAuditSink auditSink() {
        return InMemoryAuditSink.create();
    }

    @Bean
    ToolCallbackProvider agentTools(Counters counters) {
        return MethodToolCallbackProvider.builder().toolObjects(new AgentTools(counters)).build();
    }

    @Bean
    ToolCallback noteTool(Counters counters, ToolGate gate) {
        return GatedToolCallback.of(ToolCallbacks.from(new NoteTool(counters))[0], gate);
    }

    @Bean
    FileTools fileTools(Counters counters) {
        return new FileTools(counters);
    }

    /** A tool specification the application declares itself. */
    @Bean
    List<McpServerFeatures.SyncToolSpecification> operatorTools(Counters counters) {
        McpSchema.Tool tool = McpSchema.Tool.builder("reset_counters", Map.of("type", "object", "properties", Map.of()))
                .description("Resets every counter").build();
        return List.of(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> {
            counters.ran("reset_counters");
            return McpSchema.CallToolResult.builder().addTextContent("reset").build();
        }));
    }
}
