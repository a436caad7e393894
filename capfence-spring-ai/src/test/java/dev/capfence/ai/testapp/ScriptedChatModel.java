package dev.capfence.ai.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.core.publisher.Flux;

/**
 * A model that asks for the scripted tool calls on the first turn and then answers with the tool results it was
 * given ("name=result" joined by " | "), so tests see exactly what the model read.
 */
public class ScriptedChatModel implements ChatModel {

    private volatile List<AssistantMessage.ToolCall> script = List.of();

    /** The tool calls the next conversation starts with: name and arguments JSON, in pairs. */
    public void script(String... nameAndArguments) {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < nameAndArguments.length; i += 2) {
            calls.add(new AssistantMessage.ToolCall("call-" + i / 2, "function", nameAndArguments[i],
                    nameAndArguments[i + 1]));
        }
        script = List.copyOf(calls);
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        Message last = messages.get(messages.size() - 1);
        AssistantMessage answer;
        if (last instanceof ToolResponseMessage results) {
            answer = new AssistantMessage(results.getResponses().stream()
                    .map(r -> r.name() + "=" + r.responseData())
                    .collect(Collectors.joining(" | ")));
        } else {
            answer = AssistantMessage.builder().content("").toolCalls(script).build();
        }
        return new ChatResponse(List.of(new Generation(answer)));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.just(call(prompt));
    }

    // Tool calling options, so the ChatClient passes its tools and tool context on.
    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }
}
