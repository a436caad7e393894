package dev.capfence.mcp;

import java.io.PrintStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the gateway does to a {@code tools/list} result on its way to the client: pins every definition and, with
 * {@code --hide-denied}, leaves out the tools the client could never call (denied whatever the arguments, or
 * changed since pinned). A result it changes nothing in passes byte for byte.
 */
final class ToolListFilter {

    private final ToolPins pins;
    private final DeniedTools hidden;
    private final PrintStream log;

    /** {@code pins} or {@code hidden} may be null: no pinning, nothing hidden. */
    ToolListFilter(ToolPins pins, DeniedTools hidden, PrintStream log) {
        this.pins = pins;
        this.hidden = hidden;
        this.log = log;
    }

    byte[] filter(byte[] response) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response);
        } catch (JacksonException e) {
            return response; // Envelope read it, so this does not happen; the client judges it as it came
        }
        if (!(root.path("result").path("tools") instanceof ArrayNode tools)) {
            return response;
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString("");
            boolean changed = false;
            if (pins != null) {
                changed = pin(name, tool);
            }
            if (hidden != null && (changed || hidden.deniedWhateverArguments(name))) {
                continue;
            }
            kept.add(tool);
        }
        if (kept.size() == tools.size()) {
            return response;
        }
        ((ObjectNode) root.path("result")).set("tools", kept);
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /** Whether this tool's calls are refused for its pin. */
    private boolean pin(String name, JsonNode tool) {
        try {
            ToolPins.Status status = pins.observe(name, ToolPins.digest(tool));
            if (status == ToolPins.Status.CHANGED) {
                log.println("capfence mcp-proxy: the server changed the definition of tool " + name
                        + " since it was pinned: its calls are refused until the pins are updated");
            }
            return status == ToolPins.Status.CHANGED;
        } catch (RuntimeException e) {
            log.println("capfence mcp-proxy: cannot pin tool " + name + " (its calls are refused): " + e.getMessage());
            return true;
        }
    }
}
