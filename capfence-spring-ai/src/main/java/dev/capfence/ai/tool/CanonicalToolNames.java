package dev.capfence.ai.tool;

import org.springframework.ai.tool.ToolCallback;

/**
 * Names the tools that are known by several names (an MCP client tool with or without its server prefix) by one
 * canonical name, so that rules written against it cannot be dodged by an alias. Beans of this type are consulted in
 * order; the tool definition's name is the default.
 */
@FunctionalInterface
public interface CanonicalToolNames {

    /** The canonical name of {@code callback}, or null when this source does not know it. */
    String of(ToolCallback callback);
}
