package dev.capfence.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat model that plays a script: asked by the user, it calls the tools queued for that turn; given their results,
 * it answers with what it read. Everything it read and was offered is kept for the test to look at.
 */
final class ScriptedChatModel implements ChatModel {

    private final Deque<List<ToolExecutionRequest>> turns = new ArrayDeque<>();
    private final List<ToolExecutionResultMessage> toolResults = new ArrayList<>();
    private final List<List<String>> offeredTools = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** The next user turn calls this tool with these arguments. */
    ScriptedChatModel willCall(String tool, String argumentsJson) {
        turns.add(List.of(request(tool, argumentsJson)));
        return this;
    }

    /** The next user turn calls these tools at once. */
    ScriptedChatModel willCall(List<ToolExecutionRequest> calls) {
        turns.add(List.copyOf(calls));
        return this;
    }

    ToolExecutionRequest request(String tool, String argumentsJson) {
        return ToolExecutionRequest.builder().id("call-" + ids.incrementAndGet()).name(tool)
                .arguments(argumentsJson).build();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        offeredTools.add(request.toolSpecifications() == null ? List.of()
                : request.toolSpecifications().stream().map(ToolSpecification::name).toList());
        List<ChatMessage> messages = request.messages();
        int first = messages.size();
        while (first > 0 && messages.get(first - 1) instanceof ToolExecutionResultMessage) {
            first--;
        }
        List<String> read = new ArrayList<>();
        for (ChatMessage message : messages.subList(first, messages.size())) {
            ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
            toolResults.add(result);
            read.add(result.toolName() + " -> " + result.text());
        }
        if (!read.isEmpty()) {
            return ChatResponse.builder().aiMessage(AiMessage.from("I read: " + String.join(" | ", read))).build();
        }
        List<ToolExecutionRequest> calls = turns.poll();
        if (calls == null) {
            return ChatResponse.builder().aiMessage(AiMessage.from("nothing to do")).build();
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(calls)).build();
    }

    /** The text of every tool result the model has read, in order. */
    List<String> toolResultTexts() {
        return toolResults.stream().map(ToolExecutionResultMessage::text).toList();
    }

    /** The tool names offered with each request, in order. */
    List<List<String>> offeredTools() {
        return offeredTools;
    }
}
