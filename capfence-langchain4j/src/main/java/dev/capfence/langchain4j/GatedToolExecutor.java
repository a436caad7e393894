package dev.capfence.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;

/** A tool executor that runs its delegate only when CapFence authorizes the call. */
final class GatedToolExecutor implements ToolExecutor {

    private final GatedTools gate;
    private final String toolName;
    private final ToolExecutor delegate;

    GatedToolExecutor(GatedTools gate, String toolName, ToolExecutor delegate) {
        this.gate = gate;
        this.toolName = toolName;
        this.delegate = delegate;
    }

    String toolName() {
        return toolName;
    }

    /** The AI service route: the invocation context names the actor. */
    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        return gate.call(toolName, request.arguments(), gate.actorOf(context),
                () -> delegate.executeWithContext(request, context));
    }

    /** A direct call with only a memory id: decided the same way, the memory id standing for the context. */
    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        ToolExecutionResult result = gate.call(toolName, request.arguments(), gate.actorOf(memoryId),
                () -> ToolExecutionResult.builder().resultText(delegate.execute(request, memoryId)).build());
        return result.resultText();
    }

    @Override
    public String toString() {
        return "GatedToolExecutor[" + toolName + " -> " + delegate + "]";
    }
}
