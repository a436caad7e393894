package dev.capfence.ai.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.ai.testapp.Counters;
import dev.capfence.ai.testapp.ScriptedChatModel;
import dev.capfence.ai.testapp.ToolTestApplication;
import dev.capfence.engine.ActionDeniedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code capfence.ai.on-deny=throw}: a refused tool call ends the chat call with the denial. */
@SpringBootTest(classes = ToolTestApplication.class, properties = "capfence.ai.on-deny=throw")
class OnDenyThrowTest {

    @Autowired ChatClient.Builder chatClients;
    @Autowired ScriptedChatModel model;
    @Autowired Counters counters;
    @Autowired @Qualifier("fileToolsProvider") ToolCallbackProvider fileTools;
    @Autowired @Qualifier("paymentToolsProvider") ToolCallbackProvider paymentTools;

    @BeforeEach
    void reset() {
        counters.reset();
    }

    @Test
    void aRefusedToolCallThrowsOutOfTheChatCall() {
        model.script("deleteFile", "{\"name\":\"x\"}");

        assertThatThrownBy(() -> chatClients.build().prompt("go").tools(fileTools).call().content())
                .isInstanceOfSatisfying(ActionDeniedException.class, e -> {
                    assertThat(e.verdict().ruleId()).isEqualTo("no-delete");
                    assertThat(e.verdict().capability()).isEqualTo("tool.deleteFile");
                });
        assertThat(counters.provider).hasValue(0);
    }

    @Test
    void aRefusalOfTheGatedActionAdvisorIsThrownToo() {
        model.script("refund", "{\"order\":\"blocked-2\",\"amount\":10}");

        assertThatThrownBy(() -> chatClients.build().prompt("go").tools(paymentTools).call().content())
                .isInstanceOfSatisfying(ActionDeniedException.class,
                        e -> assertThat(e.verdict().ruleId()).isEqualTo("blocked-order"));
        assertThat(counters.refunds).hasValue(0);
    }

    @Test
    void streamingFailsWithTheDenial() {
        model.script("deleteFile", "{\"name\":\"x\"}");

        assertThatThrownBy(() -> chatClients.build().prompt("go").tools(fileTools).stream().content().blockLast())
                .isInstanceOf(ActionDeniedException.class);
        assertThat(counters.provider).hasValue(0);
    }
}
