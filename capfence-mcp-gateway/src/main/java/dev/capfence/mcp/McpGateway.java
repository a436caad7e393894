package dev.capfence.mcp;

import dev.capfence.engine.ActionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transparent MCP proxy that decides every {@code tools/call} before the server receives it. The server is a
 * child process spoken to over stdio ({@link UpstreamCommand}) or a Streamable HTTP endpoint ({@link UpstreamUrl});
 * the client speaks to the gateway over stdio ({@link #run}) or Streamable HTTP ({@link #listen}). Every message
 * that is not a {@code tools/call} passes byte for byte, in both directions, whatever its method or protocol
 * revision; {@code tools/list} results are changed only to hide tools ({@code hideDenied}). A message that is not
 * JSON-RPC, or is over the size limit, gets a JSON-RPC error and the session goes on.
 */
public final class McpGateway {

    /** The client ended the session. */
    public static final int EXIT_OK = 0;
    /** The server could not be started or exited while the client was still connected. */
    public static final int EXIT_UPSTREAM_FAILED = 1;

    /** Opens the server end of one session. */
    private interface Opener {
        UpstreamSide open(UpstreamSide.Listener listener) throws IOException;
    }

    private final Opener upstream;
    private final String upstreamName;
    private final ToolCallGate gate;
    private final ToolListFilter listFilter;
    private final int maxMessageBytes;
    private final PrintStream log;
    private final List<byte[]> secrets;

    private McpGateway(Builder b) {
        this.upstream = Objects.requireNonNull(b.upstream, "an upstream server (command or URL) is required");
        this.upstreamName = b.upstreamName;
        ActionRuntime runtime = Objects.requireNonNull(b.runtime, "a runtime is required");
        this.gate = new ToolCallGate(runtime, b.actor, b.serverName, b.capabilities, b.pins, b.approveCommand);
        DeniedTools hidden = b.hideDenied ? new DeniedTools(runtime, gate) : null;
        this.listFilter = b.pins != null || hidden != null ? new ToolListFilter(b.pins, hidden, b.log) : null;
        this.maxMessageBytes = b.maxMessageBytes;
        this.log = b.log;
        this.secrets = b.secrets.stream().filter(s -> s.length() >= 4)
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serves one client on these streams, newline-delimited JSON-RPC, until it closes its input (then
     * {@link #EXIT_OK}) or a server started as a child exits ({@link #EXIT_UPSTREAM_FAILED}, reported on the log).
     */
    public int run(InputStream fromClient, OutputStream toClient) {
        StdioClient client = new StdioClient(toClient);
        Relay relay = new Relay(this, client);
        try {
            relay.open();
        } catch (IOException e) {
            log.println("capfence mcp-proxy: cannot start the MCP server " + upstreamName + ": " + e.getMessage());
            return EXIT_UPSTREAM_FAILED;
        }
        Thread pump = new Thread(() -> client.pump(fromClient, relay), "capfence-mcp-client");
        pump.setDaemon(true); // a client that never closes stdin must not keep the JVM alive once the server is gone
        pump.start();
        try {
            return client.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_UPSTREAM_FAILED;
        } catch (ExecutionException e) {
            log.println("capfence mcp-proxy: " + e.getCause());
            return EXIT_UPSTREAM_FAILED;
        } finally {
            relay.destroy();
        }
    }

    /**
     * Serves MCP clients over Streamable HTTP at {@code http://HOST:PORT/mcp} until closed; each client session
     * gets its own server session (a child process each, for a server command). Without a bearer token only a
     * loopback address is accepted, and requests from a web page of another origin are refused.
     *
     * @param bearerToken the token every request must carry as {@code Authorization: Bearer …}, or null
     */
    public Listening listen(InetSocketAddress address, String bearerToken) throws IOException {
        Objects.requireNonNull(address, "address");
        if (bearerToken != null && bearerToken.length() < 16) {
            throw new IllegalArgumentException("the bearer token must be at least 16 characters long");
        }
        if (bearerToken == null && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("serving MCP clients on " + address.getHostString()
                    + ", not a loopback address, needs a bearer token: anyone who reaches the port could call the tools");
        }
        return new HttpListener(this, address, bearerToken);
    }

    /** Clients served over HTTP; {@link #close()} ends every session. */
    public interface Listening extends AutoCloseable {
        /** Where clients connect: {@code http://HOST:PORT/mcp}. */
        URI uri();

        @Override
        void close();
    }

    UpstreamSide openUpstream(UpstreamSide.Listener listener) throws IOException {
        return upstream.open(listener);
    }

    ToolCallGate gate() {
        return gate;
    }

    ToolListFilter listFilter() {
        return listFilter;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    PrintStream log() {
        return log;
    }

    /** A client on a pair of streams, one JSON-RPC message a line. */
    private final class StdioClient implements Relay.ClientSide {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final AtomicBoolean clientClosed = new AtomicBoolean();
        final OutputStream toClient;

        StdioClient(OutputStream toClient) {
            this.toClient = toClient;
        }

        void pump(InputStream in, Relay relay) {
            MessageReader reader = new MessageReader(in, maxMessageBytes);
            try {
                byte[] message;
                while ((message = reader.next()) != null) {
                    Relay.Accepted accepted = Relay.read(message, maxMessageBytes);
                    byte[] reply = accepted.reply() != null ? accepted.reply()
                            : relay.forward(accepted.envelope(), message, Map.of(), e -> { });
                    if (reply != null) {
                        send(reply);
                    }
                }
            } catch (IOException e) {
                log.println("capfence mcp-proxy: reading from the client failed: " + e.getMessage());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            clientClosed.set(true);
            relay.close();
            done.complete(EXIT_OK);
        }

        @Override
        public void send(byte[] message) {
            synchronized (toClient) {
                try {
                    toClient.write(message);
                    toClient.write('\n');
                    toClient.flush();
                } catch (IOException e) {
                    log.println("capfence mcp-proxy: the client closed its input: " + e.getMessage());
                    clientClosed.set(true);
                    done.complete(EXIT_OK);
                }
            }
        }

        @Override
        public void upstreamEnded(String why) {
            if (clientClosed.get()) {
                done.complete(EXIT_OK);
                return;
            }
            log.println("capfence mcp-proxy: the MCP server " + why + " while the client was connected");
            done.complete(EXIT_UPSTREAM_FAILED);
        }
    }

    /** A credential given to the server only is never passed on to the client, even when the server echoes it. */
    byte[] redact(byte[] message) {
        if (secrets.isEmpty()) {
            return message;
        }
        String text = null;
        for (byte[] secret : secrets) {
            if (indexOf(message, secret) >= 0) {
                if (text == null) {
                    text = new String(message, StandardCharsets.UTF_8);
                }
                text = text.replace(new String(secret, StandardCharsets.UTF_8), "[hidden by CapFence]");
            }
        }
        return text == null ? message : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static final class Builder {
        private ActionRuntime runtime;
        private Opener upstream;
        private String upstreamName;
        private List<String> secrets = List.of();
        private String actor = "mcp-client";
        private String serverName = "server";
        private final Map<String, String> capabilities = new LinkedHashMap<>();
        private ToolPins pins;
        private boolean hideDenied;
        private int maxMessageBytes = 4 * 1024 * 1024;
        private String approveCommand = "capfence approvals approve {id} --as APPROVER --policy POLICY --jdbc-url URL";
        private PrintStream log = System.err;

        private Builder() {
        }

        /** Decides and records every call; its audit sink and approval store are the gateway's. */
        public Builder runtime(ActionRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** The server: a command started as the gateway's child (one per session), spoken to over stdio. */
        public Builder upstream(UpstreamCommand upstream) {
            Objects.requireNonNull(upstream, "upstream");
            this.upstream = listener -> new StdioUpstream(upstream, listener, log);
            this.upstreamName = upstream.toString();
            this.secrets = List.copyOf(upstream.secrets());
            return this;
        }

        /** The server: a Streamable HTTP endpoint. */
        public Builder upstream(UpstreamUrl upstream) {
            Objects.requireNonNull(upstream, "upstream");
            this.upstream = listener -> new HttpUpstream(upstream, listener, log);
            this.upstreamName = upstream.toString();
            this.secrets = List.copyOf(upstream.secrets());
            return this;
        }

        /** Who the calls are made for: the event's actor. */
        public Builder actor(String actor) {
            this.actor = requireText(actor, "actor");
            return this;
        }

        /** The server's name in capabilities: {@code mcp.<name>.<tool>}. */
        public Builder serverName(String serverName) {
            this.serverName = requireText(serverName, "server name");
            return this;
        }

        /** Decides calls to this tool under this capability instead of {@code mcp.<server>.<tool>}. */
        public Builder capability(String tool, String capability) {
            capabilities.put(requireText(tool, "tool"), requireText(capability, "capability"));
            return this;
        }

        /** Pins tool definitions in this store; calls to changed tools are refused. */
        public Builder pins(ToolPins pins) {
            this.pins = pins;
            return this;
        }

        /** Leaves out of {@code tools/list} results the tools the policy denies whatever their arguments. */
        public Builder hideDenied(boolean hideDenied) {
            this.hideDenied = hideDenied;
            return this;
        }

        /** The largest message the client may send, in bytes; larger ones are refused. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 1024) {
                throw new IllegalArgumentException("the message limit must be at least 1024 bytes");
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** How an approver approves, told to the client with a pending approval; {@code {id}} is its id. */
        public Builder approveCommand(String approveCommand) {
            this.approveCommand = requireText(approveCommand, "approve command");
            return this;
        }

        /** Where the gateway reports (the server's death, changed tools); never the client's stream. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public McpGateway build() {
            return new McpGateway(this);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the " + what + " must not be empty");
            }
            return value;
        }
    }
}
