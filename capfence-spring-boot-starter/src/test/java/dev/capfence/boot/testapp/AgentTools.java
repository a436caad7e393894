package dev.capfence.boot.testapp;

import dev.capfence.boot.GatedAction;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** A gated agent step that calls another gated tool: the nested call has caller_depth 2. */
@Service
public class AgentTools {

    private final ShellTool shell;

    public AgentTools(ShellTool shell) {
        this.shell = shell;
    }

    @GatedAction(capability = "agent.plan")
    public String plan(String command) {
        return shell.exec(command);
    }

    @org.springframework.stereotype.Component
    public static class ShellTool {
        private final AtomicInteger runs = new AtomicInteger();

        public AtomicInteger runs() {
            return runs;
        }

        @GatedAction(capability = "shell.exec")
        public String exec(String command) {
            runs.incrementAndGet();
            return "ran " + command;
        }
    }
}
