package dev.capfence.ai.mcp;

import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * The MCP tools of the inventory: the tools this application's MCP server exposes ({@code mcp-server}; a tool the
 * application added to the running server by hand is listed as not gated) and the tools of the remote MCP servers it
 * is a client of ({@code mcp-client}, under their canonical names; gated wherever a ChatClient runs them).
 */
public final class McpToolSource implements ToolSource {

    private final ToolGate gate;
    private final Supplier<Set<String>> gatedServerTools;
    private final Supplier<Stream<String>> serverTools;
    private final Supplier<Stream<ToolCallbackProvider>> clientProviders;

    public McpToolSource(ToolGate gate, Supplier<Set<String>> gatedServerTools, Supplier<Stream<String>> serverTools,
                  Supplier<Stream<ToolCallbackProvider>> clientProviders) {
        this.gate = gate;
        this.gatedServerTools = gatedServerTools;
        this.serverTools = serverTools;
        this.clientProviders = clientProviders;
    }

    @Override
    public List<InventoriedTool> tools() {
        List<InventoriedTool> tools = new ArrayList<>();
        Set<String> gated = gatedServerTools.get();
        // What the running server exposes; a stateless server cannot be asked, its specifications are the list.
        List<String> exposed = serverTools.get().distinct().sorted().toList();
        (exposed.isEmpty() ? gated.stream().sorted().toList() : exposed).forEach(name ->
                tools.add(new InventoriedTool(name, "mcp-server", gate.capabilityOf(name), gated.contains(name))));
        clientProviders.get().forEach(provider -> {
            ToolCallback[] callbacks;
            try {
                callbacks = provider.getToolCallbacks();
            } catch (RuntimeException unreachable) {
                return; // the remote server is down: its tools cannot be listed, nor called
            }
            for (ToolCallback callback : callbacks) {
                String name = gate.canonicalName(callback);
                tools.add(new InventoriedTool(name, "mcp-client", gate.capabilityOf(name), true));
            }
        });
        return tools;
    }
}
