package dev.capfence.ai.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.testapp.Counters;
import dev.capfence.ai.testapp.PerRequestTools;
import dev.capfence.ai.testapp.ScriptedChatModel;
import dev.capfence.ai.testapp.ToolTestApplication;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

/** ChatClients built by hand bring their own tool calling manager: what is gated and how to gate the rest. */
@SpringBootTest(classes = ToolTestApplication.class)
class HandBuiltChatClientTest {

    private static final String LARGE = "{\"to\":\"eve\",\"amount\":5000}";

    @Autowired ScriptedChatModel model;
    @Autowired Counters counters;
    @Autowired ToolGate gate;
    @Autowired ToolCallingAdvisor.Builder<?> autoConfiguredToolCalling;
    @Autowired @Qualifier("fnTool") ToolCallback fnTool;

    @BeforeEach
    void reset() {
        counters.reset();
    }

    @Test
    void theHelperGatesPerRequestTools() {
        model.script("transfer", LARGE);

        String answer = GatedChatClients.builder(model, gate).build().prompt("go")
                .tools(new PerRequestTools(counters)).call().content();

        assertThat(answer).startsWith("transfer=CapFence denied transfer: ").contains("approval id");
        assertThat(counters.perRequest).hasValue(0);
    }

    @Test
    void theGatedAdvisorBuilderWithTheFiveArgumentBuilder() {
        model.script("transfer", LARGE);

        ChatClient client = ChatClient.builder(model, ObservationRegistry.NOOP, null, null,
                GatedChatClients.toolCallingAdvisor(gate)).build();

        assertThat(client.prompt("go").tools(new PerRequestTools(counters)).call().content())
                .startsWith("transfer=CapFence denied transfer: ");
        assertThat(counters.perRequest).hasValue(0);
    }

    @Test
    void theAutoConfiguredAdvisorBuilderIsGatedToo() {
        model.script("transfer", LARGE);

        ChatClient client = ChatClient.builder(model, ObservationRegistry.NOOP, null, null,
                autoConfiguredToolCalling.copy()).build();

        assertThat(client.prompt("go").tools(new PerRequestTools(counters)).call().content())
                .startsWith("transfer=CapFence denied transfer: ");
        assertThat(counters.perRequest).hasValue(0);
    }

    @Test
    void aPlainHandBuiltClientStillGatesToolBeans() {
        model.script("fnTool", "{\"text\":\"hi\"}");
        String answer = ChatClient.create(model).prompt("go").tools(fnTool)
                .toolContext(java.util.Map.of(ToolGate.ACTOR_KEY, "mallory")).call().content();

        assertThat(answer).isEqualTo("fnTool=CapFence denied fnTool: mallory may not act");
        assertThat(counters.fn).hasValue(0);
    }

    // What escapes: a plain hand-built client runs per-request tools without asking (documented in the README).
    @Test
    void aPlainHandBuiltClientDoesNotGatePerRequestTools() {
        model.script("transfer", LARGE);

        assertThat(ChatClient.builder(model).build().prompt("go").tools(new PerRequestTools(counters)).call()
                .content()).isEqualTo("transfer=\"sent 5000 to eve\"");
        assertThat(counters.perRequest).hasValue(1);
    }
}
