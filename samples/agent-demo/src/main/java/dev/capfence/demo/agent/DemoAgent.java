package dev.capfence.demo.agent;

import org.springframework.ai.chat.client.ChatClient;

/** One chat turn: the model proposes tool calls, the gated tools run or refuse, the model answers. */
public final class DemoAgent {

    private final ChatClient chat;
    private final ToolCallLog log;

    public DemoAgent(ChatClient chat, ToolCallLog log) {
        this.chat = chat;
        this.log = log;
    }

    public ToolCallLog.Turn<String> chat(String message) {
        return log.collect(() -> chat.prompt().user(message).call().content());
    }
}
