package dev.capfence.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.audit.AuditVerifier;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionDeniedException;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming route: an AI service over a streaming chat model answering with a {@link TokenStream}. */
class StreamingTokenStreamTest {

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    private static final Policy POLICY = Policy.parse("""
            version: 1
            name: langchain4j-streaming
            deny:
              - id: no-recursive-delete
                capability: shell.exec
                command: {program: [rm, rmdir], flags_any: [r, R, recursive]}
                reason: Recursive deletes are never run by the agent
            allow:
              - id: tools
                capability: [shell.exec, refund.issue]
            """, "langchain4j-streaming.yaml");

    @TempDir
    Path dir;

    private Path auditFile;
    private JsonlAuditSink sink;
    private ActionRuntime runtime;
    private GatedTools gated;
    private final ScriptedStreamingChatModel model = new ScriptedStreamingChatModel();
    private final List<ToolExecution> executed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        auditFile = dir.resolve("audit/audit.jsonl");
        sink = JsonlAuditSink.builder(auditFile).open();
        runtime = ActionRuntime.builder().policy(POLICY).auditSink(sink).build();
        gated = GatedTools.builder(runtime).defaultActor("support-agent")
                .capability("shell", "shell.exec").capability("refund", "refund.issue").build();
    }

    @AfterEach
    void auditChainVerifies() throws IOException {
        sink.close();
        assertThat(AuditVerifier.create().verify(auditFile).intact()).as("audit chain intact").isTrue();
    }

    /** Streams one answer to the end, the way an application consumes a token stream. */
    private String stream(StreamingAssistant assistant, String message) throws Exception {
        StringBuilder tokens = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        assistant.chat(message)
                .onPartialResponse(tokens::append)
                .onToolExecuted(executed::add)
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertThat(tokens.toString()).isEqualTo(response.aiMessage().text());
        return tokens.toString();
    }

    @Test
    void aRefusedCallDoesNotRunAndTheModelReadsTheRefusal() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path precious = Files.createDirectories(work.resolve("precious"));
        Files.writeString(precious.resolve("data.txt"), "keep me");
        ShellTools shell = new ShellTools(work);
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                .tools(gated.tools(shell)).build();

        model.script.willCall("shell", "{\"command\":\"rm -rf precious\"}");
        String answer = stream(assistant, "clean up");

        assertThat(shell.runs).hasValue(0);
        assertThat(precious.resolve("data.txt")).hasContent("keep me");
        assertThat(model.script.toolResultTexts())
                .containsExactly("CapFence denied shell: Recursive deletes are never run by the agent");
        assertThat(answer).contains("CapFence denied shell");
        assertThat(executed).singleElement().satisfies(e -> {
            assertThat(e.hasFailed()).isTrue();
            assertThat(e.result()).isEqualTo("CapFence denied shell: Recursive deletes are never run by the agent");
        });
        sink.close();
        assertThat(Files.readAllLines(auditFile)).noneSatisfy(line -> assertThat(line).contains("\"type\":\"outcome\""));
    }

    @Test
    void withOnDenyThrowTheRefusalEndsTheStreamWithTheDenial() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        ShellTools shell = new ShellTools(work);
        GatedTools throwing = GatedTools.builder(runtime).defaultActor("support-agent")
                .capability("shell", "shell.exec").onDeny(GatedTools.OnDeny.THROW).build();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                .tools(throwing.tools(shell)).toolExecutionErrorHandler(GatedTools.rethrowDenials()).build();

        model.script.willCall("shell", "{\"command\":\"rm -rf /\"}");
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        assistant.chat("wipe it")
                .onPartialResponse(token -> { })
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();

        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ActionDeniedException.class,
                        denied -> assertThat(denied.verdict().ruleId()).isEqualTo("no-recursive-delete"));
        assertThat(shell.runs).hasValue(0);
        assertThat(model.script.toolResultTexts()).as("the model read nothing").isEmpty();
    }

    @Test
    void anAllowedCallRunsAndItsOutcomeIsRecorded() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        ShellTools shell = new ShellTools(work);
        BillingTools billing = new BillingTools();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(model)
                .tools(gated.tools(shell, billing)).build();

        model.script.willCall(List.of(model.script.request("refund", "{\"order\":\"A-1\",\"amount\":50}"),
                model.script.request("shell", "{\"command\":\"touch made-by-tool\"}")));
        String answer = stream(assistant, "refund 50 on A-1 and note it");

        assertThat(billing.refunds).containsExactly("A-1:50");
        assertThat(work.resolve("made-by-tool")).exists();
        assertThat(model.script.toolResultTexts()).containsExactly("refunded 50 on A-1", "exit 0: ");
        assertThat(answer).isEqualTo("I read: refund -> refunded 50 on A-1 | shell -> exit 0: ");
        assertThat(executed).hasSize(2).noneMatch(ToolExecution::hasFailed);
        sink.close();
        assertThat(Files.readAllLines(auditFile)).filteredOn(line -> line.contains("\"type\":\"outcome\""))
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("\"outcome\":\"success\""));
    }
}
