package dev.capfence.demo.agent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model that needs no key and no network: it turns {@code run <command>}, {@code query <sql>},
 * {@code refund <amount> to <customer>} and {@code read <path>} into a tool call, and once the tool result is back
 * answers with a sentence quoting it. The tool calls go through Spring AI's tool loop like a real model's.
 */
public final class ScriptedChatModel implements ChatModel {

    private static final Pattern REFUND = Pattern.compile("(?is)refund\\s+(\\S+)\\s+to\\s+(.+?)\\s*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final String HELP = "I can run <command>, query <sql>, refund <amount> to <customer> or read <path>.";

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public ChatResponse call(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last instanceof ToolResponseMessage results) {
            StringBuilder reply = new StringBuilder();
            for (ToolResponseMessage.ToolResponse result : results.getResponses()) {
                reply.append(reply.isEmpty() ? "" : "\n").append(result.name()).append(" returned: ")
                        .append(result.responseData().strip());
            }
            return answer(AssistantMessage.builder().content(reply.toString()).build());
        }
        String text = last instanceof UserMessage user && user.getText() != null ? user.getText().strip() : "";
        AssistantMessage.ToolCall call = toolCall(text);
        return answer(call == null ? new AssistantMessage(HELP)
                : AssistantMessage.builder().content("").toolCalls(List.of(call)).build());
    }

    private AssistantMessage.ToolCall toolCall(String text) {
        String[] verb = text.split("\\s+", 2);
        if (verb.length < 2) {
            return null;
        }
        String rest = verb[1];
        switch (verb[0].toLowerCase(java.util.Locale.ROOT)) {
            case "run":
                return call("shell_exec", Map.of("command", rest));
            case "query":
                return call("sql_query", Map.of("sql", rest));
            case "read":
                return call("read_file", Map.of("path", rest));
            case "refund":
                Matcher m = REFUND.matcher(text);
                if (!m.matches()) {
                    return null;
                }
                // A number stays a number; anything else ("5,000") is passed on as written, for the policy to judge.
                Object amount = NUMBER.matcher(m.group(1)).matches() ? new BigDecimal(m.group(1)) : m.group(1);
                return call("refund_customer", Map.of("customer", m.group(2), "amount", amount));
            default:
                return null;
        }
    }

    private AssistantMessage.ToolCall call(String tool, Map<String, Object> arguments) {
        return new AssistantMessage.ToolCall("call_" + UUID.randomUUID(), "function", tool,
                json.writeValueAsString(new java.util.TreeMap<>(arguments)));
    }

    private static ChatResponse answer(AssistantMessage message) {
        return new ChatResponse(List.of(new Generation(message)));
    }

    @Override
    public ChatOptions getOptions() {
        // Tool-calling options: the chat client puts the request's tools into them.
        return ToolCallingChatOptions.builder().build();
    }
}
