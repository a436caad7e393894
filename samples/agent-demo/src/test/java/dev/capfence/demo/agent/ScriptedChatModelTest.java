package dev.capfence.demo.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

class ScriptedChatModelTest {

    private final ScriptedChatModel model = new ScriptedChatModel();

    private AssistantMessage answer(String user) {
        return model.call(new Prompt(List.of(new SystemMessage("be helpful"), new UserMessage(user))))
                .getResult().getOutput();
    }

    private AssistantMessage.ToolCall onlyCall(String user) {
        AssistantMessage answer = answer(user);
        assertThat(answer.getToolCalls()).hasSize(1);
        return answer.getToolCalls().get(0);
    }

    @Test
    void eachVerbBecomesItsToolWithTheArgumentThePolicyReads() {
        AssistantMessage.ToolCall run = onlyCall("run rm -rf /tmp/x");
        assertThat(run.name()).isEqualTo("shell_exec");
        assertThat(run.arguments()).isEqualTo("{\"command\":\"rm -rf /tmp/x\"}");

        AssistantMessage.ToolCall query = onlyCall("query SELECT * FROM customers");
        assertThat(query.name()).isEqualTo("sql_query");
        assertThat(query.arguments()).isEqualTo("{\"sql\":\"SELECT * FROM customers\"}");

        AssistantMessage.ToolCall read = onlyCall("read notes/todo.txt");
        assertThat(read.name()).isEqualTo("read_file");
        assertThat(read.arguments()).isEqualTo("{\"path\":\"notes/todo.txt\"}");
    }

    @Test
    void aRefundAmountStaysANumberAndAnythingElseIsPassedOnAsWritten() {
        AssistantMessage.ToolCall number = onlyCall("refund 5000 to globex");
        assertThat(number.name()).isEqualTo("refund_customer");
        assertThat(number.arguments()).isEqualTo("{\"amount\":5000,\"customer\":\"globex\"}");

        assertThat(onlyCall("Refund 5,000 to globex").arguments())
                .isEqualTo("{\"amount\":\"5,000\",\"customer\":\"globex\"}");
    }

    @Test
    void anythingElseGetsHelpAndNoToolCall() {
        AssistantMessage answer = answer("hello there");
        assertThat(answer.hasToolCalls()).isFalse();
        assertThat(answer.getText()).contains("run <command>");
        assertThat(answer("refund everything").hasToolCalls()).isFalse();
    }

    @Test
    void afterTheToolResultItAnswersQuotingIt() {
        Prompt afterTool = new Prompt(List.of(new UserMessage("run ls"),
                AssistantMessage.builder().content("").toolCalls(List.of(
                        new AssistantMessage.ToolCall("1", "function", "shell_exec", "{}"))).build(),
                ToolResponseMessage.builder().responses(List.of(
                        new ToolResponseMessage.ToolResponse("1", "shell_exec", "exit 0\nREADME.txt\n"))).build()));

        AssistantMessage answer = model.call(afterTool).getResult().getOutput();

        assertThat(answer.hasToolCalls()).isFalse();
        assertThat(answer.getText()).isEqualTo("shell_exec returned: exit 0\nREADME.txt");
    }

    @Test
    void itsOptionsCarryTools() {
        assertThat(model.getOptions()).isInstanceOf(ToolCallingChatOptions.class);
    }
}
