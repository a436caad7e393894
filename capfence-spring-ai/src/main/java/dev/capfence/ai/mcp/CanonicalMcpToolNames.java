package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.CanonicalToolNames;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.ai.mcp.AsyncMcpToolCallback;
import org.springframework.ai.mcp.McpConnectionInfo;
import org.springframework.ai.mcp.McpToolNamePrefixGenerator;
import org.springframework.ai.mcp.SyncMcpToolCallback;
import org.springframework.ai.tool.ToolCallback;

/**
 * The one name an MCP client tool is decided under: {@code <connection>.<tool>}, the connection's name in
 * {@code spring.ai.mcp.client.*.connections.<connection>} and the tool's name on its server. Spring AI names the
 * callbacks itself (the bare tool name, {@code alt_<n>_<tool>} on a clash, or whatever a custom
 * {@link McpToolNamePrefixGenerator} makes), so the name the model sees is an alias: the generator is watched to
 * learn which connection and tool each generated name stands for.
 */
public final class CanonicalMcpToolNames implements CanonicalToolNames {

    private final Map<String, String> byGeneratedName = new ConcurrentHashMap<>();

    @Override
    public String of(ToolCallback callback) {
        String original;
        if (callback instanceof SyncMcpToolCallback sync) {
            original = sync.getOriginalToolName();
        } else if (callback instanceof AsyncMcpToolCallback async) {
            original = async.getOriginalToolName();
        } else {
            return null;
        }
        String canonical = byGeneratedName.get(callback.getToolDefinition().name());
        // A callback named by another generator (a provider built by hand): its connection is unknown.
        return canonical != null && canonical.endsWith("." + original) ? canonical : original;
    }

    /** Remembers what a generated name stands for. */
    void record(String generatedName, McpConnectionInfo connection, McpSchema.Tool tool) {
        byGeneratedName.put(generatedName, connectionName(connection) + "." + tool.name());
    }

    /** The connection name: the client's title, else the part after {@code " - "} in its name (Spring AI sets both). */
    static String connectionName(McpConnectionInfo connection) {
        McpSchema.Implementation client = connection != null ? connection.clientInfo() : null;
        if (client != null && client.title() != null && !client.title().isBlank()) {
            return client.title();
        }
        if (client != null && client.name() != null) {
            int dash = client.name().lastIndexOf(" - ");
            return dash >= 0 ? client.name().substring(dash + 3) : client.name();
        }
        McpSchema.InitializeResult init = connection != null ? connection.initializeResult() : null;
        return init != null && init.serverInfo() != null ? init.serverInfo().name() : "mcp";
    }

    /** Wraps a generator so that every name it makes is recorded. */
    public McpToolNamePrefixGenerator recording(McpToolNamePrefixGenerator generator) {
        return generator instanceof Recording ? generator : new Recording(generator, this);
    }

    private record Recording(McpToolNamePrefixGenerator delegate, CanonicalMcpToolNames names)
            implements McpToolNamePrefixGenerator {

        @Override
        public String prefixedToolName(McpConnectionInfo connection, McpSchema.Tool tool) {
            String generated = delegate.prefixedToolName(connection, tool);
            names.record(generated, connection, tool);
            return generated;
        }
    }
}
