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
        out.println(scenario("rm -rf the sandbox", "run rm -rf *")
                + "Sandbox still there: " + sandbox.root() + " " + sandbox.listing() + "\n");
        out.println(scenario("refund 50 to acme", "refund 50 to acme"));
        out.println(scenario("refund 5000 to globex", "refund 5000 to globex"));
    }

    // One block, printed in one go so that log lines from other threads cannot split it.
    private String scenario(String title, String message) {
        StringBuilder block = new StringBuilder("Scenario: ").append(title).append('\n');
        ToolCallLog.Turn<String> turn;
        try {
            turn = agent.chat(message);
        } catch (RuntimeException e) {
            // A real model that cannot be reached must not stop the server from serving.
            return block.append("The model could not be asked: ").append(e.getMessage()).append('\n').toString();
        }
        if (turn.calls().isEmpty()) {
            return block.append("No tool call; the model said: ").append(turn.result()).append('\n').toString();
        }
        ToolCallLog.ToolCall call = turn.calls().get(0);
        block.append("Decision: ").append(call.decision()).append('\n')
                .append("Reason: ").append(call.reason()).append('\n')
                .append("Tool invoked: ").append(call.toolInvoked()).append('\n');
        if (call.approvalId() != null) {
            block.append("Approval id: ").append(call.approvalId()).append('\n');
        }
        return block.toString();
    }
}
