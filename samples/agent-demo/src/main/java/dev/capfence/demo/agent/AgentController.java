package dev.capfence.demo.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /agent/chat}: one turn, with every tool call's decision. */
@RestController
class AgentController {

    record ChatRequest(String message) {
    }

    record ChatReply(String reply, @JsonProperty("tool_calls") List<ToolCallLog.ToolCall> toolCalls) {
    }

    private final DemoAgent agent;

    AgentController(DemoAgent agent) {
        this.agent = agent;
    }

    @PostMapping("/agent/chat")
    ResponseEntity<ChatReply> chat(@RequestBody ChatRequest request) {
        if (request == null || request.message() == null || request.message().isBlank()) {
            return ResponseEntity.badRequest().body(new ChatReply("message is required", List.of()));
        }
        ToolCallLog.Turn<String> turn = agent.chat(request.message());
        return ResponseEntity.ok(new ChatReply(turn.result(), turn.calls()));
    }
}
