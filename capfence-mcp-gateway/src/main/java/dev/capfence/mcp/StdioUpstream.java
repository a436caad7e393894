package dev.capfence.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A server started as the gateway's child, newline-delimited JSON-RPC over its stdin and stdout. */
final class StdioUpstream implements UpstreamSide {

    /** Server messages can be large (file contents); this only bounds the memory one line may take. */
    static final int MAX_UPSTREAM_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Process process;
    private final OutputStream toServer;
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    StdioUpstream(UpstreamCommand command, Listener listener, PrintStream log) throws IOException {
        this.process = command.start();
        this.toServer = process.getOutputStream();
        this.reader = new Thread(() -> pump(listener, log), "capfence-mcp-server");
        reader.setDaemon(true); // a client that never closes stdin must not keep the JVM alive once the server is gone
        reader.start();
    }

    private void pump(Listener listener, PrintStream log) {
        MessageReader in = new MessageReader(process.getInputStream(), MAX_UPSTREAM_MESSAGE_BYTES);
        try {
            byte[] message;
            while ((message = in.next()) != null) {
                if (message == MessageReader.OVERSIZED) {
                    log.println("capfence mcp-proxy: dropped a message from the MCP server over "
                            + MAX_UPSTREAM_MESSAGE_BYTES + " bytes");
                    continue;
                }
                listener.message(message);
            }
        } catch (IOException e) {
            log.println("capfence mcp-proxy: reading from the MCP server failed: " + e.getMessage());
        }
        String exit;
        try {
            exit = process.waitFor(5, TimeUnit.SECONDS) ? "exited with code " + process.exitValue() : "closed its output";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "closed its output";
        }
        listener.ended(exit);
    }

    @Override
    public synchronized void send(byte[] message, Envelope envelope, Map<String, String> headers) throws IOException {
        toServer.write(message);
        toServer.write('\n');
        toServer.flush();
    }

    /** Closes the server's stdin, the stdio way to ask it to exit, and lets it finish writing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            toServer.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
            }
            reader.join(5_000);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the child whatever its state: the gateway is going away. */
    void destroy() {
        process.destroy();
    }
}
