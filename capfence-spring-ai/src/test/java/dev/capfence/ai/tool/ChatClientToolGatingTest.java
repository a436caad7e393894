package dev.capfence.ai.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.testapp.Counters;
import dev.capfence.ai.testapp.FileTools;
import dev.capfence.ai.testapp.PaymentTools;
import dev.capfence.ai.testapp.PerRequestTools;
import dev.capfence.ai.testapp.ScriptedChatModel;
import dev.capfence.ai.testapp.ToolTestApplication;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.RefusedCall;
import dev.capfence.engine.ActionRuntime;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import reactor.core.publisher.Hooks;
import tools.jackson.databind.json.JsonMapper;

/** Tool calls through the real auto-configured ChatClient and DefaultToolCallingManager, gated on every route. */
@SpringBootTest(classes = ToolTestApplication.class)
class ChatClientToolGatingTest {

    @Autowired ChatClient.Builder chatClients;
    @Autowired ScriptedChatModel model;
    @Autowired Counters counters;
    @Autowired FileTools fileTools;
    @Autowired ToolCallingManager manager;
    @Autowired @Qualifier("fileToolsProvider") ToolCallbackProvider fileToolsProvider;
    @Autowired @Qualifier("fnTool") ToolCallback fnTool;
    @Autowired @Qualifier("paymentToolsProvider") ToolCallbackProvider paymentToolsProvider;
    @Autowired InMemoryAuditSink audit;
    @Autowired ActionRuntime runtime;
    @Autowired ToolGate gate;
    @Autowired PaymentTools paymentTools;
    @TempDir Path dir;

    @BeforeEach
    void reset() {
        counters.reset();
        fileTools.dir(dir);
    }

    private String ask(Object... tools) {
        ChatClient.ChatClientRequestSpec request = chatClients.build().prompt("go");
        if (tools.length > 0) {
            request = request.tools(tools);
        }
        return request.call().content();
    }

    @Test
    void theAutoConfiguredManagerIsDecorated() {
        assertThat(manager).isInstanceOf(GatedToolCallingManager.class);
        assertThat(((GatedToolCallingManager) manager).delegate().getClass().getSimpleName())
                .isEqualTo("DefaultToolCallingManager");
    }

    @Test
    void allowedProviderToolRuns() throws Exception {
        model.script("writeFile", "{\"name\":\"a.txt\",\"content\":\"hello\"}");

        assertThat(ask(fileToolsProvider)).isEqualTo("writeFile=\"wrote a.txt\"");
        assertThat(counters.writes).hasValue(1);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello");
    }

    @Test
    void deniedProviderToolNeverRunsAndTheModelReadsTheRefusal() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "x");
        model.script("deleteFile", "{\"name\":\"keep.txt\"}");

        assertThat(ask(fileToolsProvider))
                .isEqualTo("deleteFile=CapFence denied deleteFile: Deleting files is not allowed");
        assertThat(counters.provider).hasValue(0);
        assertThat(dir.resolve("keep.txt")).exists();
    }

    @Test
    void beanToolPassedToTheRequest() {
        model.script("fnTool", "{\"text\":\"hi\"}");

        assertThat(ask(fnTool)).isEqualTo("fnTool=\"fn:hi by agent\"");
        assertThat(counters.fn).hasValue(1);
    }

    @Test
    void beanToolsResolvedByNameAreGated() {
        model.script("fnTool", "{\"text\":\"hi\"}", "deleteFile", "{\"name\":\"x\"}");

        assertThat(ask()).isEqualTo(
                "fnTool=\"fn:hi by agent\" | deleteFile=CapFence denied deleteFile: Deleting files is not allowed");
        assertThat(counters.fn).hasValue(1);
        assertThat(counters.provider).hasValue(0);
    }

    @Test
    void perRequestToolsAreGated() {
        model.script("transfer", "{\"to\":\"bob\",\"amount\":10}", "transfer", "{\"to\":\"eve\",\"amount\":5000}");

        String answer = ask(new PerRequestTools(counters));

        assertThat(answer).startsWith("transfer=\"sent 10 to bob\" | transfer=CapFence denied transfer: ")
                .contains("approval required, approval id ");
        assertThat(counters.perRequest).hasValue(1);
    }

    @Test
    void afterTheApprovalTheIdenticalCallRunsOnce() {
        model.script("transfer", "{\"to\":\"eve\",\"amount\":5000}");
        String first = ask(new PerRequestTools(counters));
        String approvalId = first.substring(first.indexOf("approval id ") + "approval id ".length(), first.length() - 1);

        runtime.approvals().approve(approvalId, "ops-bob", "checked");

        assertThat(ask(new PerRequestTools(counters))).isEqualTo("transfer=\"sent 5000 to eve\"");
        assertThat(counters.perRequest).hasValue(1);
        assertThat(ask(new PerRequestTools(counters))).contains("approval required");
        assertThat(counters.perRequest).hasValue(1);
    }

    @Test
    void streamingGoesThroughTheSameGate() {
        model.script("writeFile", "{\"name\":\"s.txt\",\"content\":\"s\"}", "deleteFile", "{\"name\":\"s.txt\"}");

        List<String> chunks = chatClients.build().prompt("go").tools(fileToolsProvider).stream().content()
                .collectList().block();

        assertThat(String.join("", chunks)).isEqualTo(
                "writeFile=\"wrote s.txt\" | deleteFile=CapFence denied deleteFile: Deleting files is not allowed");
        assertThat(counters.writes).hasValue(1);
        assertThat(counters.provider).hasValue(0);
        assertThat(dir.resolve("s.txt")).exists();
    }

    @Test
    void withContextPropagationAStreamedToolCallSeesTheCallersActor() throws Exception {
        Hooks.enableAutomaticContextPropagation(); // what spring.reactor.context-propagation=auto does
        try {
            model.script("fnTool", "{\"text\":\"hi\"}");
            List<String> asMallory = CapFenceActor.runAs("mallory", () -> chatClients.build().prompt("go").tools(fnTool)
                    .stream().content().collectList().block());
            assertThat(String.join("", asMallory)).isEqualTo("fnTool=CapFence denied fnTool: mallory may not act");

            SecurityContextHolder.getContext().setAuthentication(
                    new TestingAuthenticationToken("mallory", "pw", "ROLE_USER"));
            model.script("fnTool", "{\"text\":\"hi\"}");
            List<String> asPrincipal = chatClients.build().prompt("go").tools(fnTool).stream().content()
                    .collectList().block();
            assertThat(String.join("", asPrincipal)).isEqualTo("fnTool=CapFence denied fnTool: mallory may not act");
            assertThat(counters.fn).hasValue(0);
        } finally {
            SecurityContextHolder.clearContext();
            Hooks.disableAutomaticContextPropagation();
        }
    }

    @Test
    void actorFromTheToolContext() {
        model.script("fnTool", "{\"text\":\"hi\"}");

        String answer = chatClients.build().prompt("go").tools(fnTool)
                .toolContext(Map.of(ToolGate.ACTOR_KEY, "mallory")).call().content();

        assertThat(answer).isEqualTo("fnTool=CapFence denied fnTool: mallory may not act");
        assertThat(counters.fn).hasValue(0);

        model.script("fnTool", "{\"text\":\"hi\"}");
        assertThat(chatClients.build().prompt("go").tools(fnTool)
                .toolContext(Map.of(ToolGate.ACTOR_KEY, "alice")).call().content())
                .isEqualTo("fnTool=\"fn:hi by alice\"");
        assertThat(counters.fn).hasValue(1);
    }

    @Test
    void actorFromTheSecurityContextWhenTheToolContextNamesNone() {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("mallory", "pw", "ROLE_USER"));
        try {
            model.script("fnTool", "{\"text\":\"hi\"}");
            assertThat(chatClients.build().prompt("go").tools(fnTool).call().content())
                    .isEqualTo("fnTool=CapFence denied fnTool: mallory may not act");
            assertThat(counters.fn).hasValue(0);
        } finally {
            SecurityContextHolder.clearContext();
        }
        model.script("fnTool", "{\"text\":\"hi\"}"); // no principal: the default actor
        assertThat(chatClients.build().prompt("go").tools(fnTool).call().content())
                .isEqualTo("fnTool=\"fn:hi by agent\"");
    }

    @Test
    void unreadableInputIsDenied() {
        model.script("fnTool", "not json");

        assertThat(ask(fnTool)).startsWith("fnTool=CapFence denied fnTool: ");
        assertThat(counters.fn).hasValue(0);
    }

    @Test
    void oneDecisionPerCall() {
        int before = audit.lines().size();
        model.script("fnTool", "{\"text\":\"hi\"}");

        ask(fnTool);

        assertThat(decisions(before)).containsExactly("allow tool.fnTool");
    }

    @Test
    void anUnproxiedInstanceOfAGatedActionToolIsDecidedAsItsAnnotationSays() {
        int before = audit.lines().size();
        model.script("refund", "{\"order\":\"blocked-7\",\"amount\":10}");

        // Not the bean: no advisor around it. The tool route decides it as @GatedAction says, all the same.
        assertThat(ask(new PaymentTools(counters))).isEqualTo("refund=CapFence denied refund: This order is blocked");
        assertThat(counters.refunds).hasValue(0);
        assertThat(decisions(before)).containsExactly("deny payments.refund");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aGatedActionToolDecidedAsAToolRecordsTheAnnotationsEnvelopeAndOneOutcome() {
        int before = audit.lines().size();
        model.script("refund", "{\"order\":\"o-3\",\"amount\":10}");

        ask(paymentToolsProvider);

        List<Map> records = audit.lines().subList(before, audit.lines().size()).stream()
                .map(line -> JSON.readValue(line, Map.class)).toList();
        assertThat(records.stream().map(r -> String.valueOf(r.get("type"))).toList())
                .containsExactly("decision", "outcome");
        Map<?, ?> event = (Map<?, ?>) records.get(0).get("event");
        assertThat(event.get("tool")).isEqualTo("PaymentTools.refund");
        assertThat(event.get("payload")).isEqualTo(Map.of("order", "o-3", "amount", 10));
    }

    @Test
    void gatedActionToolsAreDecidedOnce() {
        int before = audit.lines().size();
        model.script("refund", "{\"order\":\"o-1\",\"amount\":10}");

        assertThat(ask(paymentToolsProvider)).isEqualTo("refund=\"refunded o-1\"");
        assertThat(counters.refunds).hasValue(1);
        assertThat(decisions(before)).containsExactly("allow payments.refund");
    }

    @Test
    void aRefusalOfTheGatedActionAdvisorReachesTheModelAsTheRefusalText() {
        int before = audit.lines().size();
        model.script("refund", "{\"order\":\"blocked-1\",\"amount\":10}");

        assertThat(ask(paymentToolsProvider)).isEqualTo("refund=CapFence denied refund: This order is blocked");
        assertThat(counters.refunds).hasValue(0);
        assertThat(decisions(before)).containsExactly("deny payments.refund");
    }

    @Test
    void gatedActionToolsResolvedByNameAreDecidedOnceWithTheToolContextActor() {
        int before = audit.lines().size();
        model.script("refund", "{\"order\":\"o-2\",\"amount\":10}");

        assertThat(chatClients.build().prompt("go").toolContext(Map.of(ToolGate.ACTOR_KEY, "mallory")).call()
                .content()).isEqualTo("refund=CapFence denied refund: mallory may not act");
        assertThat(counters.refunds).hasValue(0);
        assertThat(decisions(before)).containsExactly("deny payments.refund");
    }

    @Test
    void aGatedMethodCalledFromAToolSeesTheToolInItsLineage() {
        int before = audit.lines().size();

        String result = gate.decide(RefusedCall.Route.TOOL, "fnTool", Map.of("text", "hi"), "alice", String.class,
                () -> paymentTools.refund("o-9", BigDecimal.TEN), verdict -> "refused");

        assertThat(result).isEqualTo("refunded o-9");
        Map<?, ?> nested = audit.lines().subList(before, audit.lines().size()).stream()
                .map(line -> JSON.readValue(line, Map.class))
                .map(record -> record.get("event"))
                .filter(event -> event instanceof Map<?, ?> e && "payments.refund".equals(e.get("capability")))
                .map(event -> (Map<?, ?>) ((Map<?, ?>) event).get("context"))
                .findFirst().orElseThrow();
        assertThat(nested.get("caller_depth")).isEqualTo(2);
        assertThat(nested.get("lineage")).isEqualTo(List.of("alice:tool.fnTool", "alice:payments.refund"));
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // "decision capability" of each decision record written since the first {@code from} records.
    private List<String> decisions(int from) {
        List<String> lines = audit.lines();
        return lines.subList(from, lines.size()).stream()
                .map(line -> JSON.readValue(line, Map.class))
                .filter(record -> record.get("event") instanceof Map)
                .map(record -> record.get("decision") + " " + ((Map<?, ?>) record.get("event")).get("capability"))
                .toList();
    }
}
