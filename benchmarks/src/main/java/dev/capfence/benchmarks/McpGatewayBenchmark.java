package dev.capfence.benchmarks;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.mcp.McpGateway;
import dev.capfence.mcp.UpstreamCommand;
import dev.capfence.policy.Policy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the MCP gateway adds to a {@code tools/call} over stdio: the round trip to a server that answers at once
 * ({@code cat}, which sends the line back), straight and through the gateway (read, decided, recorded in memory,
 * forwarded, and the answer relayed). The difference is the gateway's cost per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class McpGatewayBenchmark {

    private static final String POLICY = """
            version: 1
            name: bench
            allow:
              - capability: mcp.s.echo
            """;
    private static final byte[] CALL = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\",\"path\":\"/tmp/x\"}}}\n").getBytes(StandardCharsets.UTF_8);

    private Process cat;
    private OutputStream toCat;
    private BufferedReader fromCat;
    private OutputStream toGateway;
    private BufferedReader fromGateway;
    private CompletableFuture<Integer> gateway;

    @Setup
    public void setUp() throws IOException {
        cat = new ProcessBuilder("cat").start();
        toCat = cat.getOutputStream();
        fromCat = new BufferedReader(new InputStreamReader(cat.getInputStream(), StandardCharsets.UTF_8));

        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        InputStream clientIn = Channels.newInputStream(in.source());
        OutputStream clientOut = Channels.newOutputStream(out.sink());
        toGateway = Channels.newOutputStream(in.sink());
        fromGateway = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8));
        McpGateway g = McpGateway.builder().runtime(ActionRuntime.fromPolicy(Policy.parse(POLICY, "bench.yaml")))
                .serverName("s").upstream(UpstreamCommand.of(List.of("cat"))).build();
        gateway = CompletableFuture.supplyAsync(() -> g.run(clientIn, clientOut));
    }

    @TearDown
    public void tearDown() throws Exception {
        toGateway.close();
        gateway.get(30, TimeUnit.SECONDS);
        cat.destroy();
    }

    @Benchmark
    public String straight() throws IOException {
        toCat.write(CALL);
        toCat.flush();
        return fromCat.readLine();
    }

    @Benchmark
    public String throughTheGateway() throws IOException {
        toGateway.write(CALL);
        toGateway.flush();
        return fromGateway.readLine();
    }
}
