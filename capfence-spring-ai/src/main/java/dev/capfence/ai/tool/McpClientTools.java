package dev.capfence.ai.tool;

/**
 * Spring AI recognises MCP client tool providers by class name (so they are listed lazily and not re-exported by
 * the MCP server): they must keep their class, and their tools are gated where they are run.
 */
public final class McpClientTools {

    private static final String SYNC = "org.springframework.ai.mcp.SyncMcpToolCallbackProvider";
    private static final String ASYNC = "org.springframework.ai.mcp.AsyncMcpToolCallbackProvider";

    private McpClientTools() {
    }

    /** Whether {@code type} is an MCP client tool provider (or a subclass of one). */
    public static boolean isProvider(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SYNC) || c.getName().equals(ASYNC)) {
                return true;
            }
        }
        return false;
    }
}
