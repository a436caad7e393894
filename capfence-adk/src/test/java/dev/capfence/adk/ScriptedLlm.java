package dev.capfence.adk;

import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.Part;
import io.reactivex.rxjava3.core.Flowable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A model that plays a script: asked by the user, it calls the tool queued for that turn; given the tool's response,
 * it answers with what it read. Every tool response it read is kept for the test.
 */
final class ScriptedLlm extends BaseLlm {

    private record Call(String tool, Map<String, Object> args) {
    }

    private final Deque<Call> turns = new ArrayDeque<>();
    final List<Map<String, Object>> toolResponses = new ArrayList<>();

    ScriptedLlm() {
        super("scripted");
    }

    ScriptedLlm willCall(String tool, Map<String, Object> args) {
        turns.add(new Call(tool, args));
        return this;
    }

    @Override
    public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
        List<Content> contents = request.contents();
        Content last = contents.get(contents.size() - 1);
        List<Part> parts = last.parts().orElse(List.of());
        List<String> read = new ArrayList<>();
        for (Part part : parts) {
            if (part.functionResponse().isPresent()) {
                FunctionResponse response = part.functionResponse().get();
                toolResponses.add(response.response().orElse(Map.of()));
                read.add(response.name().orElse("?") + " -> " + response.response().orElse(Map.of()));
            }
        }
        Content answer;
        if (!read.isEmpty()) {
            answer = Content.builder().role("model").parts(List.of(Part.fromText("I read: " + read))).build();
        } else {
            Call call = turns.poll();
            answer = Content.builder().role("model").parts(List.of(call == null ? Part.fromText("nothing to do")
                    : Part.fromFunctionCall(call.tool(), call.args()))).build();
        }
        return Flowable.just(LlmResponse.builder().content(answer).build());
    }

    @Override
    public BaseLlmConnection connect(LlmRequest request) {
        throw new UnsupportedOperationException("no live connection in tests");
    }
}
