package dev.capfence.adk;

import com.google.adk.tools.Annotations.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Real tools with side effects a test can see: a shell in a working directory and a refund book. */
public class Tools {

    private final Path workDir;
    final AtomicInteger shellRuns = new AtomicInteger();
    final List<String> refunds = new CopyOnWriteArrayList<>();

    Tools(Path workDir) {
        this.workDir = workDir;
    }

    @Schema(name = "shell", description = "Runs a shell command in the working directory")
    public Map<String, Object> shell(@Schema(name = "command", description = "the command line") String command)
            throws IOException, InterruptedException {
        shellRuns.incrementAndGet();
        Process process = new ProcessBuilder("sh", "-c", command).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Map.of("error", "timed out");
        }
        return Map.of("exit", process.exitValue(),
                "output", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @Schema(name = "refund", description = "Refunds an amount on an order")
    public Map<String, Object> refund(@Schema(name = "order", description = "the order") String order,
                                      @Schema(name = "amount", description = "the amount") int amount) {
        refunds.add(order + ":" + amount);
        return Map.of("result", "refunded " + amount + " on " + order);
    }

    @Schema(name = "deploy", description = "Deploys a service")
    public Map<String, Object> deploy(@Schema(name = "target", description = "where") String target) {
        refunds.add("deployed " + target);
        return Map.of("result", "deployed " + target);
    }
}
