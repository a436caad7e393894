package dev.capfence.mcp;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A timed loop, not a test: the round trip of an allowed tools/call to the scripted server, straight and through
 * the gateway (decided, recorded in memory, forwarded). Run with the test class path: {@code OverheadLoop [calls]}.
 */
public final class OverheadLoop {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("overhead");
        Path description = Files.writeString(dir.resolve("d.txt"), "Echoes");
        UpstreamCommand server = InProcessGateway.scriptedServer(description, dir.resolve("calls.txt"));
        String call = McpGatewayTest.toolCall(1, "echo", "{\"text\":\"hi\",\"path\":\"/tmp/x\"}");

        Process direct = server.start();
        BufferedReader fromDirect = new BufferedReader(new InputStreamReader(direct.getInputStream(), StandardCharsets.UTF_8));
        OutputStream toDirect = direct.getOutputStream();
        long straight = loop(calls, () -> {
            toDirect.write((call + "\n").getBytes(StandardCharsets.UTF_8));
            toDirect.flush();
            fromDirect.readLine();
        });
        direct.destroy();

        ActionRuntime runtime = ActionRuntime.fromPolicy(Policy.parse(McpGatewayTest.POLICY, "p.yaml"));
        try (InProcessGateway g = new InProcessGateway(McpGateway.builder().runtime(runtime).serverName("s")
                .upstream(server))) {
            long gated = loop(calls, () -> {
                g.send(call);
                g.receiveBlocking();
            });
            System.out.printf("%d calls: straight %.1f us/call, through the gateway %.1f us/call, overhead %.1f us/call%n",
                    calls, straight / 1e3 / calls, gated / 1e3 / calls, (gated - straight) / 1e3 / calls);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Nanoseconds for the second half of the calls (the first half warms up). */
    private static long loop(int calls, Step step) throws Exception {
        for (int i = 0; i < calls; i++) {
            step.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            step.run();
        }
        return System.nanoTime() - start;
    }
}
