package dev.capfence.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool calls made by LangChain4j's own AI service tool loop, with a scripted model and real tools. */
class GatedToolsAiServicesTest {

    interface Assistant {
        String chat(String message);
    }

    interface PerUserAssistant {
        String chat(@MemoryId String user, @UserMessage String message);
    }

    interface ParameterizedAssistant {
        String chat(@UserMessage String message, InvocationParameters parameters);
    }

    private static final Policy POLICY = Policy.parse("""
            version: 1
            name: langchain4j-tools
            deny:
              - id: no-recursive-delete
                capability: shell.exec
                command: {program: [rm, rmdir], flags_any: [r, R, recursive]}
                reason: Recursive deletes are never run by the agent
            require_approval:
              - id: large-refund
                capability: refund.issue
                amount_gt: 1000
                reason: Refunds over 1000 need a person
            allow:
              - id: tools
                capability: [shell.exec, refund.issue, tool.weather, tool.echo]
            """, "langchain4j-tools.yaml");

    @TempDir
    Path dir;

    private Path auditFile;
    private JsonlAuditSink sink;
    private ActionRuntime runtime;
    private final ScriptedChatModel model = new ScriptedChatModel();

    @BeforeEach
    void setUp() {
        auditFile = dir.resolve("audit/audit.jsonl");
        sink = JsonlAuditSink.builder(auditFile).open();
        runtime = ActionRuntime.builder().policy(POLICY).auditSink(sink).build();
    }

    @AfterEach
    void auditChainVerifies() throws IOException {
        sink.close();
        assertThat(AuditVerifier.create().verify(auditFile).intact()).as("audit chain intact").isTrue();
    }

    private GatedTools.Builder gate() {
        return GatedTools.builder(runtime).defaultActor("support-agent")
                .capability("shell", "shell.exec")
                .capability("refund", "refund.issue");
    }

    private List<String> auditLines() throws IOException {
        sink.close();
        return Files.readAllLines(auditFile);
    }

    @Test
    void rmRfIsDeniedAndTheDirectoryIsStillThere() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path precious = Files.createDirectories(work.resolve("precious"));
        Files.writeString(precious.resolve("data.txt"), "keep me");
        ShellTools shell = new ShellTools(work);
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(shell)).build();

        model.willCall("shell", "{\"command\":\"rm -rf precious\"}");
        String answer = assistant.chat("clean up");

        assertThat(precious.resolve("data.txt")).hasContent("keep me");
        assertThat(shell.runs).hasValue(0);
        assertThat(model.toolResultTexts())
                .containsExactly("CapFence denied shell: Recursive deletes are never run by the agent");
        assertThat(answer).contains("CapFence denied shell");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"reason_code\":\"policy_deny\"", "\"rule_id\":\"no-recursive-delete\"",
                        "\"capability\":\"shell.exec\"", "\"actor\":\"support-agent\"", "\"tool\":\"shell\""));
    }

    @Test
    void anAllowedShellCommandRunsAndItsOutcomeIsRecorded() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        ShellTools shell = new ShellTools(work);
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(shell)).build();

        model.willCall("shell", "{\"command\":\"touch made-by-tool\"}");
        assistant.chat("make a file");

        assertThat(work.resolve("made-by-tool")).exists();
        assertThat(shell.runs).hasValue(1);
        assertThat(model.toolResultTexts()).containsExactly("exit 0: ");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line).contains("\"type\":\"outcome\"", "\"outcome\":\"success\""));
    }

    @Test
    void refund50RunsOnce() throws IOException {
        BillingTools billing = new BillingTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(billing)).build();

        model.willCall("refund", "{\"order\":\"A-1\",\"amount\":50}");
        assistant.chat("refund 50 on A-1");

        assertThat(billing.refunds).containsExactly("A-1:50");
        assertThat(model.toolResultTexts()).containsExactly("refunded 50 on A-1");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"reason_code\":\"policy_allow\"", "\"capability\":\"refund.issue\""));
    }

    @Test
    void refund5000WaitsForApprovalThenRunsExactlyOnce() {
        BillingTools billing = new BillingTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(billing)).build();
        String call = "{\"order\":\"B-7\",\"amount\":5000}";

        model.willCall("refund", call);
        assistant.chat("refund 5000 on B-7");
        assertThat(billing.refunds).isEmpty();
        String refusal = model.toolResultTexts().get(0);
        Matcher id = Pattern.compile("^CapFence denied refund: Refunds over 1000 need a person "
                + "\\(approval required, approval id (\\S+)\\)$").matcher(refusal);
        assertThat(id.matches()).as(refusal).isTrue();
        assertThat(runtime.approvals().pending()).singleElement()
                .satisfies(a -> assertThat(a.id()).isEqualTo(id.group(1)));

        model.willCall("refund", call);
        assistant.chat("again, still waiting?");
        assertThat(billing.refunds).as("still pending: not run").isEmpty();
        assertThat(model.toolResultTexts().get(1)).contains("approval id " + id.group(1));

        runtime.approvals().approve(id.group(1), "alice", "customer called");
        model.willCall("refund", call);
        assistant.chat("approved now");
        assertThat(billing.refunds).containsExactly("B-7:5000");
        assertThat(model.toolResultTexts().get(2)).isEqualTo("refunded 5000 on B-7");

        model.willCall("refund", call);
        assistant.chat("once more");
        assertThat(billing.refunds).as("the approval is used up").containsExactly("B-7:5000");
        assertThat(model.toolResultTexts().get(3)).startsWith("CapFence denied refund: ")
                .contains("approval required");
    }

    @Test
    void aToolTheProviderMakesUpPerRequestIsGated() {
        AtomicInteger weatherRuns = new AtomicInteger();
        AtomicInteger deployRuns = new AtomicInteger();
        // Nothing here exists when the AI service is built: each request gets tools made for it.
        ToolProvider provider = request -> {
            String wanted = request.userMessage().singleText();
            AtomicInteger runs = wanted.equals("weather") ? weatherRuns : deployRuns;
            return ToolProviderResult.builder()
                    .add(ToolSpecification.builder().name(wanted).description("made for this request")
                                    .parameters(JsonObjectSchema.builder().addStringProperty("target").build()).build(),
                            (req, memoryId) -> "ran " + wanted + " #" + runs.incrementAndGet())
                    .build();
        };
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .toolProvider(gate().build().toolProvider(provider)).build();

        model.willCall("weather", "{\"target\":\"Paris\"}");
        assistant.chat("weather");
        model.willCall("deploy", "{\"target\":\"prod\"}");
        assistant.chat("deploy");

        assertThat(model.offeredTools()).contains(List.of("weather"), List.of("deploy"));
        assertThat(weatherRuns).hasValue(1);
        assertThat(deployRuns).as("no rule allows tool.deploy").hasValue(0);
        assertThat(model.toolResultTexts()).containsExactly("ran weather #1", "CapFence denied deploy: no rule allows this action");
    }

    @Test
    void specificationAndExecutorPairsAreGated() {
        AtomicInteger echoes = new AtomicInteger();
        AtomicInteger wipes = new AtomicInteger();
        ToolExecutor echo = (request, memoryId) -> "echo #" + echoes.incrementAndGet();
        ToolExecutor wipe = (request, memoryId) -> "wiped #" + wipes.incrementAndGet();
        Map<ToolSpecification, ToolExecutor> tools = Map.of(
                ToolSpecification.builder().name("echo").build(), echo,
                ToolSpecification.builder().name("wipe").build(), wipe);
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(tools)).build();

        model.willCall(List.of(model.request("echo", "{}"), model.request("wipe", "{}")));
        assistant.chat("echo and wipe");

        assertThat(echoes).hasValue(1);
        assertThat(wipes).hasValue(0);
        assertThat(model.toolResultTexts()).containsExactly("echo #1", "CapFence denied wipe: no rule allows this action");
    }

    @Test
    void argumentsWithADuplicateKeyAreDeniedWithoutRunningTheTool() throws IOException {
        BillingTools billing = new BillingTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(billing)).build();

        // one JSON reader keeps 50, another 5000: the tool must never see a call the policy read differently
        model.willCall("refund", "{\"order\":\"C-1\",\"amount\":50,\"amount\":5000}");
        assistant.chat("refund");

        assertThat(billing.refunds).isEmpty();
        assertThat(model.toolResultTexts()).singleElement().asString()
                .startsWith("CapFence denied refund: the arguments of tool refund: duplicate key \"amount\"");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line).contains("\"reason_code\":\"invalid_event\""));
    }

    @Test
    void oversizeArgumentsAreDeniedWithoutRunningTheTool() {
        ActionRuntime small = ActionRuntime.builder().policy(POLICY).auditSink(sink)
                .eventLimits(new dev.capfence.event.EventLimits(256, 8)).build();
        BillingTools billing = new BillingTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(GatedTools.builder(small).defaultActor("support-agent").capability("refund", "refund.issue")
                        .build().tools(billing)).build();

        model.willCall("refund", "{\"order\":\"" + "x".repeat(400) + "\",\"amount\":5}");
        assistant.chat("refund");

        assertThat(billing.refunds).isEmpty();
        assertThat(model.toolResultTexts()).singleElement().asString().startsWith("CapFence denied refund: ");
    }

    @Test
    void theActorComesFromTheInvocationParameters() throws IOException {
        BillingTools billing = new BillingTools();
        ParameterizedAssistant assistant = AiServices.builder(ParameterizedAssistant.class).chatModel(model)
                .tools(gate().build().tools(billing)).build();

        model.willCall("refund", "{\"order\":\"D-1\",\"amount\":10}");
        assistant.chat("refund", new InvocationParameters(Map.of(GatedTools.ACTOR_KEY, "carol")));

        assertThat(billing.refunds).containsExactly("D-1:10");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line).contains("\"actor\":\"carol\""));
    }

    @Test
    void theActorComesFromTheMemoryIdWhenEnabled() throws IOException {
        BillingTools billing = new BillingTools();
        PerUserAssistant assistant = AiServices.builder(PerUserAssistant.class).chatModel(model)
                .chatMemoryProvider(id -> dev.langchain4j.memory.chat.MessageWindowChatMemory.withMaxMessages(10))
                .tools(GatedTools.builder(runtime).actorFromMemoryId().capability("refund", "refund.issue")
                        .build().tools(billing)).build();

        model.willCall("refund", "{\"order\":\"E-1\",\"amount\":10}");
        assistant.chat("dave", "refund");

        assertThat(billing.refunds).containsExactly("E-1:10");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line).contains("\"actor\":\"dave\""));
    }

    @Test
    void aCallWithNoActorIsDenied() {
        BillingTools billing = new BillingTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(GatedTools.builder(runtime).capability("refund", "refund.issue").build().tools(billing)).build();

        model.willCall("refund", "{\"order\":\"F-1\",\"amount\":10}");
        assistant.chat("refund");

        assertThat(billing.refunds).isEmpty();
        assertThat(model.toolResultTexts()).containsExactly("CapFence denied refund: event has no actor");
    }

    @Test
    void withOnDenyThrowTheRefusalEndsTheCall() {
        Path work = dir.resolve("work");
        ShellTools shell = new ShellTools(work);
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().onDeny(GatedTools.OnDeny.THROW).build().tools(shell))
                .toolExecutionErrorHandler(GatedTools.rethrowDenials())
                .build();

        model.willCall("shell", "{\"command\":\"rm -rf /\"}");
        assertThatThrownBy(() -> assistant.chat("wipe it"))
                .isInstanceOfSatisfying(ActionDeniedException.class, denied -> {
                    assertThat(denied.verdict().decision()).isEqualTo(Decision.DENY);
                    assertThat(denied.verdict().ruleId()).isEqualTo("no-recursive-delete");
                });
        assertThat(shell.runs).hasValue(0);
        assertThat(model.toolResultTexts()).as("the model read nothing").isEmpty();
    }

    /** A tool that fails every time it runs. */
    public static class BrokenTools {
        final AtomicInteger runs = new AtomicInteger();

        @Tool(name = "shell", value = "Runs a shell command")
        public String shell(String command) {
            runs.incrementAndGet();
            throw new IllegalStateException("disk on fire");
        }
    }

    @Test
    void aToolErrorIsRecordedAsAFailedOutcomeAndReachesTheModel() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        BrokenTools shell = new BrokenTools();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(shell)).build();

        model.willCall("shell", "{\"command\":\"ls\"}");
        assistant.chat("list");

        assertThat(shell.runs).hasValue(1);
        assertThat(model.toolResultTexts()).containsExactly("disk on fire");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line).contains("\"type\":\"outcome\"", "\"outcome\":\"failure\"", "disk on fire"));
    }

    @Test
    void aDirectCallOfAGatedExecutorIsDecidedToo() {
        AtomicInteger wipes = new AtomicInteger();
        ToolExecutor gated = gate().build().executor("wipe", (request, memoryId) -> "wiped #" + wipes.incrementAndGet());

        String text = gated.execute(model.request("wipe", "{}"), "default");
        ToolExecutionResult result = gated.executeWithContext(model.request("wipe", "{}"), null);

        assertThat(wipes).hasValue(0);
        assertThat(text).isEqualTo("CapFence denied wipe: no rule allows this action");
        assertThat(result.isError()).isTrue();
        assertThat(gate().build().executor("wipe", gated)).as("not gated twice").isSameAs(gated);
    }

    @Test
    void anErrorResultOfAToolIsRecordedAsAFailedOutcome() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        ToolExecutor failing = new ToolExecutor() {
            @Override
            public String execute(dev.langchain4j.agent.tool.ToolExecutionRequest request, Object memoryId) {
                throw new AssertionError("the AI service calls executeWithContext");
            }

            @Override
            public ToolExecutionResult executeWithContext(dev.langchain4j.agent.tool.ToolExecutionRequest request,
                                                          dev.langchain4j.invocation.InvocationContext context) {
                runs.incrementAndGet();
                return ToolExecutionResult.builder().isError(true).resultText("quota exhausted").build();
            }
        };
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .tools(gate().build().tools(Map.of(ToolSpecification.builder().name("echo").build(), failing)))
                .build();

        model.willCall("echo", "{}");
        assistant.chat("echo");

        assertThat(runs).hasValue(1);
        assertThat(model.toolResultTexts()).containsExactly("quota exhausted");
        assertThat(auditLines()).anySatisfy(line -> assertThat(line)
                .contains("\"type\":\"outcome\"", "\"outcome\":\"failure\"", "quota exhausted"));
    }
}
