package dev.capfence.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client session between a {@link ClientSide} and an {@link UpstreamSide}, whatever their transports: the one
 * place where client messages are checked, {@code tools/call} is decided, {@code tools/list} results are filtered
 * and credentials are kept from the client.
 */
final class Relay implements UpstreamSide.Listener {

    /** The client end of a session. */
    interface ClientSide {
        /** A message for the client: from the server (already filtered and redacted) or the gateway's own. */
        void send(byte[] message);

        /** The server is gone; {@code why} says how. */
        void upstreamEnded(String why);
    }

    /** A client message read: its envelope, or the gateway's reply when it cannot be forwarded. */
    record Accepted(Envelope envelope, byte[] reply) {
    }

    private final McpGateway gateway;
    private final ClientSide client;
    private volatile UpstreamSide upstream;
    /** Ids of the client's tools/list requests whose results are still to come. */
    private final Set<String> pendingLists = ConcurrentHashMap.newKeySet();
    /** Forwarded tools/call requests waiting for their answer, which records their outcome. */
    private final PendingCalls pendingCalls = new PendingCalls();

    Relay(McpGateway gateway, ClientSide client) {
        this.gateway = gateway;
        this.client = client;
    }

    /** Starts or connects to the server for this session. */
    Relay open() throws IOException {
        upstream = gateway.openUpstream(this);
        return this;
    }

    /** Reads a client message; an oversized ({@link MessageReader#OVERSIZED}) or malformed one gets its reply. */
    static Accepted read(byte[] message, int maxMessageBytes) {
        if (message == MessageReader.OVERSIZED) {
            return new Accepted(null, bytes(Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "message refused: over the gateway's limit of " + maxMessageBytes + " bytes")));
        }
        try {
            return new Accepted(Envelope.read(message), null);
        } catch (Envelope.Malformed e) {
            return new Accepted(null, bytes(Json.error(e.id, e.code, e.getMessage())));
        }
    }

    /**
     * Decides and forwards a client message read by {@link #read}: the gateway's reply to send the client instead,
     * or null when it went to the server. {@code beforeForward} runs just before the server is sent the message
     * (an HTTP client side gets ready for the reply there).
     */
    byte[] forward(Envelope envelope, byte[] message, Map<String, String> headers, Consumer<Envelope> beforeForward) {
        String headerMethod = headerValue(headers.get("mcp-method"));
        if (headerMethod != null && envelope.method() != null && !headerMethod.equals(envelope.method())) {
            // a server routing by header would run another method than the one decided
            return envelope.id() == null ? null : bytes(Json.error(envelope.id(), McpSchema.ErrorCodes.INVALID_REQUEST,
                    "the Mcp-Method header (" + headerMethod + ") differs from the message's method"));
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(envelope.method())) {
            String reply;
            try {
                reply = gateway.gate().call(envelope.id(), message, headerValue(headers.get("mcp-name")), () -> {
                    beforeForward.accept(envelope);
                    upstream.send(message, envelope, headers);
                }, pendingCalls);
            } catch (RuntimeException e) { // not decided, so not forwarded
                gateway.log().println("capfence mcp-proxy: could not decide a tools/call: " + e);
                reply = envelope.id() == null ? null : Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "CapFence could not decide the call, so it was not made: " + e.getMessage());
            }
            return reply == null ? null : bytes(reply);
        }
        if (gateway.listFilter() != null && envelope.isRequest() && McpSchema.METHOD_TOOLS_LIST.equals(envelope.method())) {
            pendingLists.add(envelope.id());
        }
        try {
            beforeForward.accept(envelope);
            upstream.send(message, envelope, headers);
            return null;
        } catch (IOException e) {
            gateway.log().println("capfence mcp-proxy: cannot write to the MCP server: " + e.getMessage());
            return envelope.id() == null ? null : bytes(Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "the MCP server could not be reached: " + e.getMessage()));
        }
    }

    @Override
    public void message(byte[] message) {
        byte[] filtered = message;
        if (!pendingLists.isEmpty() || !pendingCalls.isEmpty()) {
            try {
                Envelope envelope = Envelope.read(message);
                pendingCalls.answered(envelope);
                filtered = filter(envelope, message);
            } catch (Envelope.Malformed e) {
                // the client judges what the server sent
            }
        }
        client.send(gateway.redact(filtered));
    }

    @Override
    public void ended(String why) {
        pendingCalls.endAll("the MCP server ended before answering: " + why);
        client.upstreamEnded(why);
    }

    /** The client ended the session. */
    void close() {
        pendingCalls.endAll("the session ended before the MCP server answered");
        UpstreamSide u = upstream;
        if (u != null) {
            u.close();
        }
    }

    /** Ends the server whatever it is doing: the gateway is going away. */
    void destroy() {
        pendingCalls.endAll("the gateway stopped before the MCP server answered");
        if (upstream instanceof StdioUpstream stdio) {
            stdio.destroy();
        } else {
            close();
        }
    }

    private byte[] filter(Envelope envelope, byte[] message) {
        if (envelope.isResponse() && envelope.id() != null && pendingLists.remove(envelope.id())) {
            return gateway.listFilter().filter(message);
        }
        return message;
    }

    /**
     * A mirrored header's value as the message has it: a value that is not header-safe comes as
     * {@code =?base64?…?=}. One that does not decode stays as it is, and so differs from the message.
     */
    static String headerValue(String raw) {
        if (raw == null || !raw.startsWith("=?base64?") || !raw.endsWith("?=") || raw.length() < 11) {
            return raw;
        }
        try {
            return new String(Base64.getDecoder().decode(raw.substring(9, raw.length() - 2)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
