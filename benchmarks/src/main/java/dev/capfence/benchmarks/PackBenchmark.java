package dev.capfence.benchmarks;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One decision under a shipped baseline pack, parsing included: shell, SQL, filesystem, MCP (URL). */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PackBenchmark {

    private ActionRuntime shell;
    private ActionRuntime sql;
    private ActionRuntime files;
    private ActionRuntime mcp;
    private ActionEvent shellEvasion;
    private ActionEvent shellRead;
    private ActionEvent sqlSelect;
    private ActionEvent sqlSubquery;
    private ActionEvent filePath;
    private ActionEvent fetchUrl;

    @Setup
    public void setUp() {
        shell = runtime("shell");
        sql = runtime("sql");
        files = runtime("filesystem");
        mcp = runtime("mcp");
        shellEvasion = event("shell.exec", Map.of("command", "sudo -u root bash -c 'r\"\"m --recursive --force /var/lib'"));
        shellRead = event("shell.exec", Map.of("command", "git status && ls -la src | grep java"));
        sqlSelect = event("sql.execute", Map.of("query",
                "SELECT id, total FROM analytics.orders WHERE created_at > '2026-01-01' LIMIT 10"));
        // A function and a subquery: beyond the plain-read scan, so JSqlParser reads it on a worker.
        sqlSubquery = event("sql.execute", Map.of("query",
                "SELECT lower(email) FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 100) LIMIT 10"));
        filePath = event("file.read", Map.of("path", "./src/main/../main/java/App.java"));
        fetchUrl = event("mcp.tools.call", Map.of("tool_name", "fetch", "url", "https://api.example.com/v1/items?q=1"));
    }

    private static ActionRuntime runtime(String pack) {
        return ActionRuntime.fromPolicy(Policy.load("classpath:capfence/packs/" + pack + "/baseline.yaml"));
    }

    private static ActionEvent event(String capability, Map<String, Object> payload) {
        return ActionEvent.builder().actor("agent").capability(capability).payload(payload).build();
    }

    @Benchmark
    public Verdict shellEvasionDenied() {
        return shell.evaluate(shellEvasion);
    }

    @Benchmark
    public Verdict shellPipelineAllowed() {
        return shell.evaluate(shellRead);
    }

    @Benchmark
    public Verdict sqlSelectAllowed() {
        return sql.evaluate(sqlSelect);
    }

    @Benchmark
    public Verdict sqlSubqueryAllowed() {
        return sql.evaluate(sqlSubquery);
    }

    @Benchmark
    public Verdict filePathAllowed() {
        return files.evaluate(filePath);
    }

    @Benchmark
    public Verdict mcpFetchAllowed() {
        return mcp.evaluate(fetchUrl);
    }
}
