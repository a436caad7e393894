package dev.capfence.ai.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.testapp.Counters;
import dev.capfence.ai.testapp.PaymentTools;
import dev.capfence.ai.testapp.ScriptedChatModel;
import dev.capfence.ai.testapp.ToolTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

/** Spring AI's own tool settings keep working around the gate: call limits, the exception processor. */
@SpringBootTest(classes = ToolTestApplication.class, properties = {
        "spring.ai.tools.limits.max-calls-per-tool.fnTool=1",
        "spring.ai.tools.limits.on-limit-exceeded=return-error-response",
        "spring.ai.tools.throw-exception-on-error=true"})
class SpringAiToolSettingsTest {

    @Autowired ChatClient.Builder chatClients;
    @Autowired ScriptedChatModel model;
    @Autowired Counters counters;
    @Autowired PaymentTools paymentTools;
    @Autowired @Qualifier("fnTool") ToolCallback fnTool;
    @Autowired @Qualifier("fileToolsProvider") ToolCallbackProvider fileTools;

    @BeforeEach
    void reset() {
        counters.reset();
    }

    @Test
    void callLimitsStillApply() {
        model.script("fnTool", "{\"text\":\"a\"}", "fnTool", "{\"text\":\"b\"}");

        String answer = chatClients.build().prompt("go").tools(fnTool).call().content();

        assertThat(answer).startsWith("fnTool=\"fn:a by agent\" | fnTool=Tool call limit (1) exceeded for tool 'fnTool'");
        assertThat(counters.fn).hasValue(1);
    }

    @Test
    void aRefusalIsAToolResultEvenWhenToolErrorsAreThrown() {
        model.script("deleteFile", "{\"name\":\"x\"}");

        assertThat(chatClients.build().prompt("go").tools(fileTools).call().content())
                .isEqualTo("deleteFile=CapFence denied deleteFile: Deleting files is not allowed");
        assertThat(counters.provider).hasValue(0);
    }

    @Test
    void aGatedActionBeanPassedPerRequestIsDecidedAsItsAnnotationSays() {
        model.script("refund", "{\"order\":\"blocked-3\",\"amount\":10}");

        assertThat(chatClients.build().prompt("go").tools(paymentTools).call().content())
                .isEqualTo("refund=CapFence denied refund: This order is blocked");
        assertThat(counters.refunds).hasValue(0);
    }
}
