package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.mcp.SyncMcpToolCallback;
import org.springframework.ai.mcp.SyncMcpToolCallbackProvider;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * A second application, a Spring AI MCP client with two connections ({@code remote} and {@code mirror}) to the same
 * real MCP server over streamable HTTP, gates the remote tools before any request leaves it.
 */
@SpringBootTest(classes = McpTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.server.name=capfence-test-server",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpClientGatingTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApp {

        @Bean
        InMemoryAuditSink clientAudit() {
            return InMemoryAuditSink.create();
        }

        @Bean
        ScriptedChatModel chatModel() {
            return new ScriptedChatModel();
        }
    }

    @LocalServerPort int port;
    @Autowired McpTestServer.Counters serverCounters;
    @Autowired InMemoryAuditSink serverAudit;

    ConfigurableApplicationContext client;

    @BeforeAll
    void startClient() {
        String url = "http://localhost:" + port;
        client = new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE).run(
                "--spring.ai.mcp.server.enabled=false",
                "--spring.ai.mcp.client.streamable-http.connections.remote.url=" + url,
                "--spring.ai.mcp.client.streamable-http.connections.mirror.url=" + url,
                "--capfence.policy.location=classpath:capfence/mcp-client-policy.yaml",
                "--capfence.actor.default=client-agent");
    }

    @AfterAll
    void stopClient() {
        client.close();
    }

    @BeforeEach
    void reset() {
        serverCounters.reset();
    }

    @Test
    void eachRemoteToolHasOneCanonicalNamePerConnection() {
        List<ToolCallback> echoes = callbacks().stream()
                .filter(cb -> ((SyncMcpToolCallback) cb).getOriginalToolName().equals("echo")).toList();

        assertThat(echoes).hasSize(2);
        // Spring AI gives the model the bare name for one and an alt_<n>_ alias for the other ...
        assertThat(echoes).extracting(cb -> cb.getToolDefinition().name())
                .anyMatch(name -> name.equals("echo")).anyMatch(name -> name.matches("alt_\\d+_echo"));
        // ... CapFence decides both under <connection>.<tool>, whatever the alias.
        assertThat(echoes).extracting(cb -> gate().canonicalName(cb))
                .containsExactlyInAnyOrder("remote.echo", "mirror.echo");
        assertThat(echoes).extracting(cb -> ((GatedToolCallback) GatedToolCallback.of(cb, gate())).gatedName())
                .containsExactlyInAnyOrder("remote.echo", "mirror.echo");
    }

    @Test
    void allowedRemoteToolRunsOnTheServer() {
        String result = gated("remote.echo").call("{\"text\":\"hi\"}");

        assertThat(result).contains("echo:hi");
        assertThat(serverCounters.runs("echo")).isEqualTo(1);
    }

    @Test
    void deniedCallNeverLeavesTheClient() {
        int serverDecisions = serverDecisions("tool.echo");

        String result = gated("mirror.echo").call("{\"text\":\"hi\"}");

        assertThat(result).isEqualTo("CapFence denied mirror.echo: The mirror connection is read-only");
        assertThat(serverCounters.runs("echo")).isZero();
        // the server never heard of the call: no decision of its own either
        assertThat(serverDecisions("tool.echo")).isEqualTo(serverDecisions);
    }

    @Test
    void theAliasCannotDodgeTheRule() {
        // Whichever of the two echo tools Spring AI named "echo" and which "alt_<n>_echo", the mirror one is denied
        // and the remote one is allowed: rules are written against the canonical names.
        for (ToolCallback callback : callbacks()) {
            if (!((SyncMcpToolCallback) callback).getOriginalToolName().equals("echo")) {
                continue;
            }
            String result = GatedToolCallback.of(callback, gate()).call("{\"text\":\"x\"}");
            boolean mirror = gate().canonicalName(callback).equals("mirror.echo");
            assertThat(result.startsWith("CapFence denied mirror.echo")).as(result).isEqualTo(mirror);
        }
        assertThat(serverCounters.runs("echo")).isEqualTo(1);
    }

    @Test
    void aChatClientCallOfADeniedRemoteToolNeverLeavesAndTheModelReadsTheRefusal() {
        ScriptedChatModel model = client.getBean(ScriptedChatModel.class);
        model.willCall(gated("mirror.echo").getToolDefinition().name(), "{\"text\":\"via chat\"}");

        String answer = chat("say hi through the mirror");

        assertThat(answer).isEqualTo("model read: CapFence denied mirror.echo: The mirror connection is read-only");
        assertThat(serverCounters.runs("echo")).isZero();

        model.willCall(gated("remote.echo").getToolDefinition().name(), "{\"text\":\"via chat\"}");

        assertThat(chat("say hi")).startsWith("model read: ").contains("echo:via chat");
        assertThat(serverCounters.runs("echo")).isEqualTo(1);
    }

    @Test
    void clientDecisionsNameTheCanonicalTool() {
        int serverDecisions = serverDecisions("tool.wipe_disk");

        gated("remote.wipe_disk").call("{\"device\":\"/dev/sda\"}");

        assertThat(serverCounters.runs("wipe_disk")).isZero();
        assertThat(serverDecisions("tool.wipe_disk")).isEqualTo(serverDecisions);
        List<Map<String, Object>> records = decisions(client.getBean(InMemoryAuditSink.class),
                "tool.remote.wipe_disk");
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).containsEntry("decision", "deny");
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) records.get(0).get("event");
        assertThat(event).containsEntry("tool", "remote.wipe_disk")
                .containsEntry("actor", "client-agent");
    }

    @Test
    void inventoryListsRemoteToolsUnderTheirCanonicalNames() {
        List<InventoriedTool> tools = client.getBeanProvider(ToolSource.class).orderedStream()
                .flatMap(s -> s.tools().stream()).filter(t -> t.kind().equals("mcp-client")).toList();

        assertThat(tools).extracting(InventoriedTool::name)
                .contains("remote.echo", "mirror.echo", "remote.write_file", "mirror.delete_file");
        assertThat(tools).filteredOn(t -> t.name().equals("mirror.echo")).extracting(InventoriedTool::capability)
                .containsExactly("tool.mirror.echo");
    }

    private List<ToolCallback> callbacks() {
        return Arrays.asList(client.getBean(SyncMcpToolCallbackProvider.class).getToolCallbacks());
    }

    /** A ChatClient from the auto-configured builder, the remote tools gated and passed per request. */
    private String chat(String prompt) {
        ToolCallback[] tools = callbacks().stream().map(cb -> GatedToolCallback.of(cb, gate()))
                .toArray(ToolCallback[]::new);
        return client.getBean(ChatClient.Builder.class).build().prompt(prompt).tools((Object[]) tools).call()
                .content();
    }

    private ToolGate gate() {
        return client.getBean(ToolGate.class);
    }

    private ToolCallback gated(String canonicalName) {
        return callbacks().stream().filter(cb -> gate().canonicalName(cb).equals(canonicalName))
                .map(cb -> GatedToolCallback.of(cb, gate())).findFirst().orElseThrow();
    }

    private int serverDecisions(String capability) {
        return decisions(serverAudit, capability).size();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> decisions(InMemoryAuditSink audit, String capability) {
        JsonMapper json = JsonMapper.builder().build();
        return audit.lines().stream().map(line -> (Map<String, Object>) json.readValue(line, Map.class))
                .filter(r -> "decision".equals(r.get("type")))
                .filter(r -> r.get("event") instanceof Map<?, ?> e && capability.equals(e.get("capability")))
                .toList();
    }
}
