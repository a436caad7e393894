package dev.capfence.ai.autoconfigure;

/**
 * Spring AI recognises MCP client tool providers by class name (so they are listed lazily and not re-exported by
 * the MCP server); they must keep their class, and their tools are gated where they are run.
 */
final class McpTypes {

    private static final String SYNC = "org.springframework.ai.mcp.SyncMcpToolCallbackProvider";
    private static final String ASYNC = "org.springframework.ai.mcp.AsyncMcpToolCallbackProvider";

    private McpTypes() {
    }

    static boolean isMcpClientProvider(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SYNC) || c.getName().equals(ASYNC)) {
                return true;
            }
        }
        return false;
    }
}
