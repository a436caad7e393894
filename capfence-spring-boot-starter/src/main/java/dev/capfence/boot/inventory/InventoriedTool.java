package dev.capfence.boot.inventory;

/**
 * One tool the application can run on an agent's behalf.
 *
 * @param name       the name the tool is called by (for MCP client tools, the canonical name)
 * @param kind       where it comes from: {@code gated-action}, {@code tool-callback}, {@code mcp-server},
 *                   {@code mcp-client}, …
 * @param capability the capability its calls are decided under
 * @param gated      whether every call is decided by CapFence before the tool runs
 */
public record InventoriedTool(String name, String kind, String capability, boolean gated) {
}
