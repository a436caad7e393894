package dev.capfence.mcp;

import dev.capfence.engine.ActionRuntime;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transparent MCP proxy over stdio that decides every {@code tools/call} before the server receives it. It
 * starts the server as its child and serves one client on the given streams, newline-delimited JSON-RPC both
 * ways. Every message that is not a {@code tools/call} passes byte for byte, in both directions, whatever its
 * method or protocol revision; {@code tools/list} results are changed only to hide tools ({@code hideDenied}).
 * A message that is not JSON-RPC, or is over the size limit, gets a JSON-RPC error and the session goes on.
 */
public final class McpGateway {

    /** The client ended the session. */
    public static final int EXIT_OK = 0;
    /** The server could not be started or exited while the client was still connected. */
    public static final int EXIT_UPSTREAM_FAILED = 1;

    /** Server messages can be large (file contents); this only bounds the memory one line may take. */
    private static final int MAX_UPSTREAM_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final UpstreamCommand upstream;
    private final ToolCallGate gate;
    private final ToolListFilter listFilter;
    private final int maxMessageBytes;
    private final PrintStream log;
    private final List<byte[]> secrets;

    private McpGateway(Builder b) {
        this.upstream = Objects.requireNonNull(b.upstream, "an upstream server command is required");
        ActionRuntime runtime = Objects.requireNonNull(b.runtime, "a runtime is required");
        this.gate = new ToolCallGate(runtime, b.actor, b.serverName, b.capabilities, b.pins, b.approveCommand);
        DeniedTools hidden = b.hideDenied ? new DeniedTools(runtime, gate) : null;
        this.listFilter = b.pins != null || hidden != null ? new ToolListFilter(b.pins, hidden, b.log) : null;
        this.maxMessageBytes = b.maxMessageBytes;
        this.log = b.log;
        this.secrets = upstream.secrets().stream().filter(s -> s.length() >= 4)
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Serves the client on these streams until it closes its input (then {@link #EXIT_OK}) or the server exits
     * ({@link #EXIT_UPSTREAM_FAILED}, reported on the log).
     */
    public int run(InputStream fromClient, OutputStream toClient) {
        Process server;
        try {
            server = upstream.start();
        } catch (IOException e) {
            log.println("capfence mcp-proxy: cannot start the MCP server " + upstream + ": " + e.getMessage());
            return EXIT_UPSTREAM_FAILED;
        }
        Session session = new Session(server, toClient);
        Thread clientSide = daemon("capfence-mcp-client", () -> session.pumpClient(fromClient));
        Thread serverSide = daemon("capfence-mcp-server", session::pumpServer);
        clientSide.start();
        serverSide.start();
        try {
            return session.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_UPSTREAM_FAILED;
        } catch (ExecutionException e) {
            log.println("capfence mcp-proxy: " + e.getCause());
            return EXIT_UPSTREAM_FAILED;
        } finally {
            server.destroy();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true); // a client that never closes stdin must not keep the JVM alive once the server is gone
        return t;
    }

    /** One client and one server process. */
    private final class Session {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final Process server;
        final OutputStream toServer;
        final OutputStream toClient;
        final AtomicBoolean clientClosed = new AtomicBoolean();
        /** Ids of the client's tools/list requests whose results are still to come. */
        final Set<String> pendingLists = ConcurrentHashMap.newKeySet();

        Session(Process server, OutputStream toClient) {
            this.server = server;
            this.toServer = server.getOutputStream();
            this.toClient = toClient;
        }

        void pumpClient(InputStream in) {
            MessageReader reader = new MessageReader(in, maxMessageBytes);
            try {
                byte[] message;
                while ((message = reader.next()) != null) {
                    fromClient(message);
                }
            } catch (IOException e) {
                log.println("capfence mcp-proxy: reading from the client failed: " + e.getMessage());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            clientClosed.set(true);
            try {
                toServer.close(); // the stdio way to ask a server to exit
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroy();
                }
            } catch (IOException e) {
                server.destroy();
            } catch (InterruptedException e) {
                server.destroy();
                Thread.currentThread().interrupt();
            }
        }

        private void fromClient(byte[] message) {
            if (message == MessageReader.OVERSIZED) {
                toClient(Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                        "message refused: over the gateway's limit of " + maxMessageBytes + " bytes"));
                return;
            }
            Envelope envelope;
            try {
                envelope = Envelope.read(message);
            } catch (Envelope.Malformed e) {
                toClient(Json.error(e.id, e.code, e.getMessage()));
                return;
            }
            if (McpSchema.METHOD_TOOLS_CALL.equals(envelope.method())) {
                String reply;
                try {
                    reply = gate.call(envelope.id(), message, () -> toServer(message));
                } catch (RuntimeException e) { // not decided, so not forwarded
                    log.println("capfence mcp-proxy: could not decide a tools/call: " + e);
                    reply = envelope.id() == null ? null : Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                            "CapFence could not decide the call, so it was not made: " + e.getMessage());
                }
                if (reply != null) {
                    toClient(reply);
                }
                return;
            }
            if (listFilter != null && envelope.isRequest() && McpSchema.METHOD_TOOLS_LIST.equals(envelope.method())) {
                pendingLists.add(envelope.id());
            }
            try {
                toServer(message);
            } catch (IOException e) {
                log.println("capfence mcp-proxy: cannot write to the MCP server: " + e.getMessage());
            }
        }

        private void toServer(byte[] message) throws IOException {
            toServer.write(message);
            toServer.write('\n');
            toServer.flush();
        }

        void pumpServer() {
            MessageReader reader = new MessageReader(server.getInputStream(), MAX_UPSTREAM_MESSAGE_BYTES);
            try {
                byte[] message;
                while ((message = reader.next()) != null) {
                    if (message == MessageReader.OVERSIZED) {
                        log.println("capfence mcp-proxy: dropped a message from the MCP server over "
                                + MAX_UPSTREAM_MESSAGE_BYTES + " bytes");
                        continue;
                    }
                    toClient(redact(fromServer(message)));
                }
            } catch (IOException e) {
                log.println("capfence mcp-proxy: reading from the MCP server failed: " + e.getMessage());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (clientClosed.get()) {
                done.complete(EXIT_OK);
                return;
            }
            String exit;
            try {
                exit = server.waitFor(5, TimeUnit.SECONDS) ? "exited with code " + server.exitValue() : "closed its output";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = "closed its output";
            }
            log.println("capfence mcp-proxy: the MCP server " + exit + " while the client was connected");
            done.complete(EXIT_UPSTREAM_FAILED);
        }

        private byte[] fromServer(byte[] message) {
            if (pendingLists.isEmpty()) {
                return message;
            }
            Envelope envelope;
            try {
                envelope = Envelope.read(message);
            } catch (Envelope.Malformed e) {
                return message; // the client judges what the server sent
            }
            if (envelope.isResponse() && envelope.id() != null && pendingLists.remove(envelope.id())) {
                return listFilter.filter(message);
            }
            return message;
        }

        private void toClient(String message) {
            toClient(message.getBytes(StandardCharsets.UTF_8));
        }

        private void toClient(byte[] message) {
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
    }

    /** A credential given to the server only is never passed on to the client, even when the server echoes it. */
    private byte[] redact(byte[] message) {
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
        private UpstreamCommand upstream;
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

        public Builder upstream(UpstreamCommand upstream) {
            this.upstream = upstream;
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
