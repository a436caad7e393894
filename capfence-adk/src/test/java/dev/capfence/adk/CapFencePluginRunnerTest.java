package dev.capfence.adk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.adk.agents.LlmAgent;
import com.google.adk.agents.ReadonlyContext;
import com.google.adk.runner.InMemoryRunner;
import com.google.adk.sessions.Session;
import com.google.adk.tools.BaseTool;
import com.google.adk.tools.BaseToolset;
import com.google.adk.tools.FunctionTool;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool calls made by ADK's own runner, with a scripted model and real tools. */
class CapFencePluginRunnerTest {

    private static final Policy POLICY = Policy.parse("""
            version: 1
            name: adk-tools
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
                capability: [shell.exec, refund.issue]
            """, "adk-tools.yaml");

    @TempDir
    Path dir;

    private Path auditFile;
    private JsonlAuditSink sink;
    private ActionRuntime runtime;
    private Tools tools;
    private final ScriptedLlm model = new ScriptedLlm();
    private InMemoryRunner runner;
    private Session session;

    @BeforeEach
    void setUp() throws IOException {
        auditFile = dir.resolve("audit/audit.jsonl");
        sink = JsonlAuditSink.builder(auditFile).open();
        runtime = ActionRuntime.builder().policy(POLICY).auditSink(sink).build();
        tools = new Tools(Files.createDirectories(dir.resolve("work")));
        LlmAgent agent = LlmAgent.builder().name("support").model(model).instruction("Help the user.")
                .tools(FunctionTool.create(tools, "shell"), FunctionTool.create(tools, "refund"),
                        FunctionTool.create(tools, "deploy"))
                .build();
        CapFencePlugin plugin = CapFencePlugin.builder(runtime)
                .capability("shell", "shell.exec").capability("refund", "refund.issue").build();
        runner = new InMemoryRunner(agent, "app", List.of(plugin));
        session = runner.sessionService().createSession("app", "support-agent").blockingGet();
    }

    @AfterEach
    void auditChainVerifies() throws IOException {
        sink.close();
        assertThat(AuditVerifier.create().verify(auditFile).intact()).as("audit chain intact").isTrue();
    }

    private void ask(String text) {
        runner.runAsync("support-agent", session.id(), Content.fromParts(Part.fromText(text))).blockingSubscribe();
    }

    private String lastRead() {
        return String.valueOf(model.toolResponses.get(model.toolResponses.size() - 1));
    }

    @Test
    void rmRfIsDeniedAndTheDirectoryIsStillThere() throws IOException {
        Path precious = Files.createDirectories(dir.resolve("work/precious"));
        Files.writeString(precious.resolve("data.txt"), "keep me");

        model.willCall("shell", Map.of("command", "rm -rf precious"));
        ask("clean up");

        assertThat(precious.resolve("data.txt")).hasContent("keep me");
        assertThat(tools.shellRuns).hasValue(0);
        assertThat(model.toolResponses).containsExactly(
                Map.of("error", "CapFence denied shell: Recursive deletes are never run by the agent"));
        assertThat(Files.readAllLines(auditFile)).anySatisfy(line -> assertThat(line).contains(
                "\"rule_id\":\"no-recursive-delete\"", "\"actor\":\"support-agent\"", "\"tool\":\"shell\""));
    }

    @Test
    void refund50Runs() {
        model.willCall("refund", Map.of("order", "A-1", "amount", 50));
        ask("refund 50");

        assertThat(tools.refunds).containsExactly("A-1:50");
        assertThat(lastRead()).contains("refunded 50 on A-1");
    }

    @Test
    void aCallThatRanHasItsOutcomeRecordedAfterItsDecision() throws IOException {
        model.willCall("refund", Map.of("order", "A-2", "amount", 20));
        ask("refund 20");

        List<String> lines = Files.readAllLines(auditFile);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"type\":\"decision\"", "\"decision\":\"allow\"");
        assertThat(lines.get(1)).contains("\"type\":\"outcome\"", "\"outcome\":\"success\"",
                "\"decision_seq\":1");
    }

    @Test
    void refund5000WaitsForApprovalThenRunsExactlyOnce() {
        Map<String, Object> call = Map.of("order", "B-7", "amount", 5000);
        model.willCall("refund", call);
        ask("refund 5000");
        assertThat(tools.refunds).isEmpty();
        Matcher id = Pattern.compile("approval id (\\S+)\\)").matcher(lastRead());
        assertThat(id.find()).as(lastRead()).isTrue();
        assertThat(lastRead()).startsWith("{error=CapFence denied refund: Refunds over 1000 need a person");

        runtime.approvals().approve(id.group(1), "alice", "customer called");
        model.willCall("refund", call);
        ask("approved now");
        assertThat(tools.refunds).containsExactly("B-7:5000");

        model.willCall("refund", call);
        ask("once more");
        assertThat(tools.refunds).as("the approval is used up").containsExactly("B-7:5000");
        assertThat(lastRead()).contains("approval required");
    }

    @Test
    void aToolNoRuleNamesIsDeniedAndTheActorComesFromSessionState() throws IOException {
        Session other = runner.sessionService().createSession("app", "support-agent",
                new ConcurrentHashMap<>(Map.of(CapFencePlugin.ACTOR_KEY, "carol")), null)
                .blockingGet();
        model.willCall("deploy", Map.of("target", "prod"));
        runner.runAsync("support-agent", other.id(), Content.fromParts(Part.fromText("deploy"))).blockingSubscribe();

        assertThat(tools.refunds).isEmpty();
        assertThat(lastRead()).isEqualTo("{error=CapFence denied deploy: no rule allows this action}");
        assertThat(Files.readAllLines(auditFile)).anySatisfy(line -> assertThat(line)
                .contains("\"actor\":\"carol\"", "\"capability\":\"tool.deploy\""));
    }

    @Test
    void aToolAToolsetMakesUpPerRequestIsDecidedToo() {
        AtomicInteger made = new AtomicInteger();
        // Nothing here exists when the agent is built: each request gets a fresh tool object.
        BaseToolset perRequest = new BaseToolset() {
            @Override
            public Flowable<BaseTool> getTools(
                    ReadonlyContext context) {
                made.incrementAndGet();
                return Flowable.just(FunctionTool.create(tools, "deploy"));
            }

            @Override
            public void close() {
            }
        };
        LlmAgent agent = LlmAgent.builder().name("ops").model(model).instruction("Operate.").tools(perRequest).build();
        InMemoryRunner opsRunner = new InMemoryRunner(agent, "ops",
                List.of(CapFencePlugin.builder(runtime).build()));
        Session opsSession = opsRunner.sessionService().createSession("ops", "support-agent").blockingGet();

        model.willCall("deploy", Map.of("target", "prod"));
        opsRunner.runAsync("support-agent", opsSession.id(), Content.fromParts(Part.fromText("deploy")))
                .blockingSubscribe();

        assertThat(made.get()).isPositive();
        assertThat(tools.refunds).as("the deploy tool did not run").isEmpty();
        assertThat(lastRead()).isEqualTo("{error=CapFence denied deploy: no rule allows this action}");
    }

    @Test
    void asAnAgentCallbackWithoutThePluginItDecidesToo() throws IOException {
        Path precious = Files.createDirectories(dir.resolve("work/precious"));
        CapFencePlugin gate = CapFencePlugin.builder(runtime).capability("shell", "shell.exec")
                .capability("refund", "refund.issue").build();
        LlmAgent agent = LlmAgent.builder().name("support").model(model).instruction("Help the user.")
                .tools(FunctionTool.create(tools, "shell"), FunctionTool.create(tools, "refund"))
                .beforeToolCallback(gate.asBeforeToolCallback())
                .build();
        InMemoryRunner plain = new InMemoryRunner(agent, "plain");
        Session plainSession = plain.sessionService().createSession("plain", "support-agent").blockingGet();

        model.willCall("shell", Map.of("command", "rm -rf precious"));
        plain.runAsync("support-agent", plainSession.id(), Content.fromParts(Part.fromText("clean"))).blockingSubscribe();
        model.willCall("refund", Map.of("order", "A-2", "amount", 20));
        plain.runAsync("support-agent", plainSession.id(), Content.fromParts(Part.fromText("refund"))).blockingSubscribe();

        assertThat(precious).isDirectory();
        assertThat(tools.shellRuns).hasValue(0);
        assertThat(tools.refunds).containsExactly("A-2:20");
    }
}
