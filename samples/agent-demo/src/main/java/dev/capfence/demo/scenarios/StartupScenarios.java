package dev.capfence.demo.scenarios;

import dev.capfence.demo.agent.DemoAgent;
import dev.capfence.demo.agent.ToolCallLog;
import dev.capfence.demo.tools.Sandbox;
import java.io.PrintStream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * On start, three chat turns through the same agent, model and gated tools as {@code POST /agent/chat}: the
 * recursive delete is refused, the small refund runs, the large one waits for a person. {@code demo.scenarios=false}
 * skips them.
 */
@Component
@ConditionalOnBooleanProperty(name = "demo.scenarios", matchIfMissing = true)
class StartupScenarios implements ApplicationRunner {

    private final DemoAgent agent;
    private final Sandbox sandbox;
    private final PrintStream out = System.out;

    StartupScenarios(DemoAgent agent, Sandbox sandbox) {
        this.agent = agent;
        this.sandbox = sandbox;
    }

    @Override
    public void run(ApplicationArguments args) {
        out.println();
        scenario("rm -rf the sandbox", "run rm -rf *");
        out.println("Sandbox still there: " + sandbox.root() + " " + sandbox.listing());
        out.println();
        scenario("refund 50 to acme", "refund 50 to acme");
        out.println();
        scenario("refund 5000 to globex", "refund 5000 to globex");
        out.println();
    }

    private void scenario(String title, String message) {
        out.println("Scenario: " + title);
        ToolCallLog.Turn<String> turn;
        try {
            turn = agent.chat(message);
        } catch (RuntimeException e) {
            // A real model that cannot be reached must not stop the server from serving.
            out.println("The model could not be asked: " + e.getMessage());
            return;
        }
        if (turn.calls().isEmpty()) {
            out.println("No tool call; the model said: " + turn.result());
            return;
        }
        ToolCallLog.ToolCall call = turn.calls().get(0);
        out.println("Decision: " + call.decision());
        out.println("Reason: " + call.reason());
        out.println("Tool invoked: " + call.toolInvoked());
        if (call.approvalId() != null) {
            out.println("Approval id: " + call.approvalId());
        }
    }
}
