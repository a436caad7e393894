package dev.capfence.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real shell tool: runs the command with {@code sh -c} in a working directory. */
public class ShellTools {

    private final Path workDir;
    final AtomicInteger runs = new AtomicInteger();

    ShellTools(Path workDir) {
        this.workDir = workDir;
    }

    @Tool(name = "shell", value = "Runs a shell command in the working directory")
    public String shell(@P("the command line") String command) throws IOException, InterruptedException {
        runs.incrementAndGet();
        Process process = new ProcessBuilder("sh", "-c", command).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return "exit " + process.exitValue() + ": "
                + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
