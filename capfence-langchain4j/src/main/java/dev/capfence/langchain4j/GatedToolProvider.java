package dev.capfence.langchain4j;

import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;

/**
 * A tool provider whose tools are gated as they are handed out, so a tool the provider makes up per request
 * (an MCP server's, say) is gated although nobody saw it when the AI service was built.
 */
final class GatedToolProvider implements ToolProvider {

    private final GatedTools gate;
    private final ToolProvider delegate;

    GatedToolProvider(GatedTools gate, ToolProvider delegate) {
        this.gate = gate;
        this.delegate = delegate;
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        ToolProviderResult provided = delegate.provideTools(request);
        if (provided == null) {
            return null;
        }
        ToolProviderResult.Builder gated = ToolProviderResult.builder();
        for (AiServiceTool tool : provided.aiServiceTools()) {
            gated.add(gate.tool(tool));
        }
        return gated.build();
    }

    @Override
    public boolean isDynamic() {
        return delegate.isDynamic();
    }

    @Override
    public String toString() {
        return "GatedToolProvider[" + delegate + "]";
    }
}
