package dev.capfence.mcp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A gateway running on a thread, spoken to line by line as a client would, for tests that need raw messages. */
final class InProcessGateway implements AutoCloseable {

    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final OutputStream toGateway;
    private final BufferedReader fromGateway;
    final CompletableFuture<Integer> exit;

    InProcessGateway(McpGateway.Builder builder) throws IOException {
        // NIO pipes, not PipedInputStream: those break when the thread that last wrote ends.
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        InputStream clientIn = Channels.newInputStream(in.source());
        toGateway = Channels.newOutputStream(in.sink());
        OutputStream clientOut = Channels.newOutputStream(out.sink());
        fromGateway = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()), StandardCharsets.UTF_8));
        McpGateway gateway = builder.log(new PrintStream(log, true, StandardCharsets.UTF_8)).build();
        exit = CompletableFuture.supplyAsync(() -> gateway.run(clientIn, clientOut));
    }

    /** The scripted server of the tests, its echo tool described by the text in this file. */
    static UpstreamCommand scriptedServer(Path description, Path calls) {
        return UpstreamCommand.of(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScriptedServer.class.getName(), description.toString(),
                calls.toString()));
    }

    void send(String line) throws IOException {
        toGateway.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toGateway.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        toGateway.write(bytes);
        toGateway.flush();
    }

    String receive() throws IOException {
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return fromGateway.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).orTimeout(30, TimeUnit.SECONDS).join();
        if (line == null) {
            throw new IOException("the gateway closed its output");
        }
        return line;
    }

    /** The next reply, waiting as long as it takes (for timed loops: no thread hand-off). */
    String receiveBlocking() throws IOException {
        return fromGateway.readLine();
    }

    /** Sends a request and returns the reply. */
    String call(String line) throws IOException {
        send(line);
        return receive();
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        toGateway.close();
        exit.orTimeout(30, TimeUnit.SECONDS).join();
    }
}
