package dev.capfence.demo.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.capfence.boot.CapFenceObserver;
import dev.capfence.engine.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the tool calls of one chat turn. The gate tells observers on the calling thread, so a thread-local list
 * holds exactly the calls made while {@link #collect} runs.
 */
public final class ToolCallLog implements CapFenceObserver {

    /** One tool call as the chat API reports it. */
    public record ToolCall(String tool, String decision, String reason,
                           @JsonProperty("approval_id") String approvalId,
                           @JsonProperty("tool_invoked") boolean toolInvoked) {
    }

    /** What a turn returned, with the tool calls made on the way. */
    public record Turn<T>(T result, List<ToolCall> calls) {
    }

    private final ThreadLocal<List<ToolCall>> current = new ThreadLocal<>();

    @Override
    public void toolCallCompleted(String toolName, Verdict verdict) {
        List<ToolCall> calls = current.get();
        if (calls != null) {
            calls.add(new ToolCall(toolName, verdict.decision().wireName(), verdict.reason(), verdict.approvalId(),
                    verdict.toolInvoked()));
        }
    }

    /** Runs {@code turn} and returns its result with every tool call made on this thread meanwhile. */
    public <T> Turn<T> collect(Supplier<T> turn) {
        List<ToolCall> outer = current.get();
        List<ToolCall> calls = new ArrayList<>();
        current.set(calls);
        try {
            T result = turn.get();
            return new Turn<>(result, List.copyOf(calls));
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }
}
