package dev.capfence.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;

/**
 * The {@link ScriptedChatModel}'s script, streamed as a provider streams: on a thread of its own, tool calls as
 * complete tool call events, text token by token, then the complete response.
 */
final class ScriptedStreamingChatModel implements StreamingChatModel {

    final ScriptedChatModel script = new ScriptedChatModel();

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Thread stream = new Thread(() -> {
            try {
                ChatResponse response = script.doChat(request);
                if (response.aiMessage().hasToolExecutionRequests()) {
                    List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
                    for (int i = 0; i < calls.size(); i++) {
                        handler.onCompleteToolCall(new CompleteToolCall(i, calls.get(i)));
                    }
                } else {
                    for (String token : response.aiMessage().text().split("(?<= )")) {
                        handler.onPartialResponse(token);
                    }
                }
                handler.onCompleteResponse(response);
            } catch (RuntimeException e) {
                handler.onError(e);
            }
        }, "scripted-stream");
        stream.setDaemon(true);
        stream.start();
    }
}
