package dev.capfence.mcp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * MCP clients served over Streamable HTTP at {@code /mcp}, on the JDK's HTTP server. A POSTed request is answered
 * on an SSE stream that ends with its response (or, for the gateway's own answer, as JSON); a notification or
 * response gets 202. Messages the server sends outside a response go on an open request stream, else on the
 * client's GET stream, else wait for one. {@code initialize} without a session starts a session, with its own
 * server session; a message with neither (a sessionless protocol revision) goes to one shared session.
 */
final class HttpListener implements McpGateway.Listening {

    static final String PATH = "/mcp";
    private static final long KEEPALIVE_MILLIS = 15_000;
    private static final int MAX_WAITING = 1000;
    /** Each session holds a server session (a child process, for a command): bounded, and ended when left idle. */
    static final int MAX_SESSIONS = 64;
    static final long IDLE_MILLIS = TimeUnit.MINUTES.toMillis(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final McpGateway gateway;
    private final HttpServer server;
    private final ExecutorService pool;
    private final byte[] expectedAuthorization;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private Session sessionless;
    private volatile boolean closing;
    private final ScheduledExecutorService reaper;

    private final long idleMillis;

    HttpListener(McpGateway gateway, InetSocketAddress address, String bearerToken) throws IOException {
        this(gateway, address, bearerToken, IDLE_MILLIS);
    }

    HttpListener(McpGateway gateway, InetSocketAddress address, String bearerToken, long idleMillis) throws IOException {
        this.gateway = gateway;
        this.idleMillis = idleMillis;
        this.expectedAuthorization = bearerToken == null ? null
                : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(address, 64);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "capfence-mcp-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capfence-mcp-idle");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::endIdleSessions, 1, 1, TimeUnit.MINUTES);
        server.start();
    }

    /** A client that went away without DELETE leaves its session behind: ended once idle, as if it had. */
    void endIdleSessions() {
        endIdleSessions(System.currentTimeMillis());
    }

    /** As {@link #endIdleSessions()}, as of {@code now} (epoch milliseconds). */
    void endIdleSessions(long now) {
        sessions.values().removeIf(session -> {
            if (session.idleSince(now) < idleMillis) {
                return false;
            }
            gateway.log().println("capfence mcp-proxy: ended session " + session.id + ", idle for "
                    + TimeUnit.MILLISECONDS.toSeconds(idleMillis) + " s");
            session.end();
            return true;
        });
    }

    @Override
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + PATH);
    }

    @Override
    public void close() {
        closing = true;
        reaper.shutdownNow();
        server.stop(0);
        List<Session> all = new ArrayList<>(sessions.values());
        synchronized (this) {
            if (sessionless != null) {
                all.add(sessionless);
            }
        }
        all.forEach(Session::end);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            if (expectedAuthorization != null && !authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                reply(exchange, 401, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                        "a bearer token is required: Authorization: Bearer <token>"));
            } else if (expectedAuthorization == null && !localOrigin(exchange)) {
                // without a token, a web page another site serves must not reach local tools (DNS rebinding)
                reply(exchange, 403, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "origin not allowed"));
            } else if (!PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                        "the MCP endpoint is " + PATH));
            } else {
                switch (exchange.getRequestMethod()) {
                    case "POST" -> post(exchange);
                    case "GET" -> get(exchange);
                    case "DELETE" -> delete(exchange);
                    default -> {
                        exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
                        reply(exchange, 405, (byte[]) null);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                gateway.log().println("capfence mcp-proxy: HTTP exchange failed: " + e);
            }
        } finally {
            exchange.close();
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private static boolean localOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return true;
        }
        try {
            String host = URI.create(origin).getHost();
            return host != null && Set.of("localhost", "127.0.0.1", "[::1]", "::1").contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        int max = gateway.maxMessageBytes();
        byte[] body = body(exchange.getRequestBody(), max);
        Relay.Accepted accepted = Relay.read(body, max);
        if (accepted.reply() != null) {
            reply(exchange, body == MessageReader.OVERSIZED ? 413 : 400, accepted.reply());
            return;
        }
        Envelope envelope = accepted.envelope();
        String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        Session session;
        if (sessionId != null) {
            session = sessions.get(sessionId);
            if (session == null) {
                reply(exchange, 404, Json.error(envelope.id(), McpSchema.ErrorCodes.INVALID_REQUEST,
                        "no such session (ended, or the gateway restarted): initialize again"));
                return;
            }
        } else if (McpSchema.METHOD_INITIALIZE.equals(envelope.method()) && sessions.size() >= MAX_SESSIONS) {
            reply(exchange, 503, Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR, "too many sessions ("
                    + MAX_SESSIONS + "): end one with DELETE, or wait for an idle one to end"));
            return;
        } else {
            try {
                session = McpSchema.METHOD_INITIALIZE.equals(envelope.method()) ? newSession() : sessionless();
            } catch (IOException e) {
                gateway.log().println("capfence mcp-proxy: cannot start the MCP server: " + e.getMessage());
                reply(exchange, 502, Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "the MCP server could not be started: " + e.getMessage()));
                return;
            }
        }
        if (session.id != null) {
            exchange.getResponseHeaders().set("Mcp-Session-Id", session.id);
        }
        session.lastUsed = System.currentTimeMillis();
        Map<String, String> headers = mcpHeaders(exchange.getRequestHeaders());
        if (!envelope.isRequest()) {
            byte[] reply = session.relay.forward(envelope, body, headers, e -> { });
            if (reply != null) {
                reply(exchange, 200, reply);
            } else {
                reply(exchange, 202, (byte[]) null);
            }
            return;
        }
        Stream stream = new Stream(exchange);
        byte[] reply = session.relay.forward(envelope, body, headers, e -> session.byRequest.put(e.id(), stream));
        if (reply != null) {
            session.byRequest.remove(envelope.id(), stream);
            reply(exchange, 200, reply);
            return;
        }
        stream.serve();
        session.byRequest.remove(envelope.id(), stream);
        session.lastUsed = System.currentTimeMillis();
    }

    private void get(HttpExchange exchange) throws IOException {
        String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        if (sessionId == null) {
            exchange.getResponseHeaders().set("Allow", "POST, DELETE");
            reply(exchange, 405, (byte[]) null); // no session, no stream of its own
            return;
        }
        Session session = sessions.get(sessionId);
        if (session == null) {
            reply(exchange, 404, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "no such session"));
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            reply(exchange, 406, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Accept: text/event-stream"));
            return;
        }
        Stream stream = new Stream(exchange);
        Stream previous = session.openGet(stream);
        if (previous != null) {
            previous.end();
        }
        stream.serve();
        session.lastUsed = System.currentTimeMillis();
    }

    private void delete(HttpExchange exchange) throws IOException {
        String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        Session session = sessionId == null ? null : sessions.remove(sessionId);
        if (session == null) {
            reply(exchange, 404, Json.error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "no such session"));
            return;
        }
        session.end();
        reply(exchange, 200, (byte[]) null);
    }

    private Session newSession() throws IOException {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Session session = new Session(HexFormat.of().formatHex(id));
        sessions.put(session.id, session);
        try {
            session.relay.open();
        } catch (IOException e) {
            sessions.remove(session.id);
            throw e;
        }
        return session;
    }

    private synchronized Session sessionless() throws IOException {
        if (sessionless == null || sessionless.ended) {
            Session session = new Session(null);
            session.relay.open();
            sessionless = session;
        }
        return sessionless;
    }

    /** The client's {@code Mcp-*} headers but its session, passed on to an HTTP server as they came. */
    private static Map<String, String> mcpHeaders(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("mcp-") && !lower.equals("mcp-session-id") && !values.isEmpty()) {
                out.put(lower, values.get(0));
            }
        });
        return out;
    }

    private static byte[] body(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            in.transferTo(OutputStream.nullOutputStream()); // read to its end without keeping it
            return MessageReader.OVERSIZED;
        }
        return bytes;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        reply(exchange, status, json == null ? null : Relay.bytes(json));
    }

    private static void reply(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        if (bytes == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One client session and its server session. */
    private final class Session implements Relay.ClientSide {
        final String id;
        final Relay relay;
        /** Open request streams by the JSON-RPC id (as JSON text) of the request each waits to answer. */
        final Map<String, Stream> byRequest = new ConcurrentHashMap<>();
        private Stream getStream;
        private final Deque<byte[]> waiting = new ArrayDeque<>();
        volatile boolean ended;
        volatile long lastUsed = System.currentTimeMillis();

        Session(String id) {
            this.id = id;
            this.relay = new Relay(gateway, this);
        }

        @Override
        public void send(byte[] message) {
            Envelope envelope;
            try {
                envelope = Envelope.read(message);
            } catch (Envelope.Malformed e) {
                envelope = null;
            }
            if (envelope != null && envelope.isResponse() && envelope.id() != null) {
                Stream stream = byRequest.remove(envelope.id());
                if (stream != null && stream.send(message, true)) {
                    return;
                }
            }
            for (Stream stream : byRequest.values()) {
                if (stream.send(message, false)) {
                    return;
                }
            }
            synchronized (this) {
                if (getStream != null && getStream.send(message, false)) {
                    return;
                }
                if (waiting.size() == MAX_WAITING) {
                    waiting.removeFirst();
                    gateway.log().println("capfence mcp-proxy: dropped a server message no client stream took");
                }
                waiting.addLast(message);
            }
        }

        /** How long nothing was asked of it and no stream was open, in milliseconds. */
        synchronized long idleSince(long now) {
            boolean streaming = !byRequest.isEmpty() || (getStream != null && !getStream.isEnded());
            return streaming ? 0 : now - lastUsed;
        }

        synchronized Stream openGet(Stream stream) {
            Stream previous = getStream;
            getStream = stream;
            while (!waiting.isEmpty()) {
                stream.send(waiting.removeFirst(), false);
            }
            return previous;
        }

        @Override
        public void upstreamEnded(String why) {
            if (ended) {
                return; // the client ended the session, and with it the server's
            }
            gateway.log().println("capfence mcp-proxy: the MCP server " + why + " (session "
                    + (id == null ? "without id" : id) + ")");
            ended = true;
            if (id != null) {
                sessions.remove(id);
            }
            byRequest.forEach((requestId, stream) -> stream.send(Relay.bytes(Json.error(requestId,
                    McpSchema.ErrorCodes.INTERNAL_ERROR, "the MCP server " + why)), true));
            byRequest.clear();
            synchronized (this) {
                if (getStream != null) {
                    getStream.end();
                }
            }
        }

        void end() {
            ended = true;
            relay.close();
            byRequest.values().forEach(Stream::end);
            synchronized (this) {
                if (getStream != null) {
                    getStream.end();
                }
            }
        }
    }

    /** An SSE response: messages sent before it is served wait in order. */
    private static final class Stream {
        private final HttpExchange exchange;
        private final List<byte[]> early = new ArrayList<>();
        private OutputStream out;
        private boolean ended;
        private boolean endWhenServed;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Whether the message was taken; {@code last} ends the stream after it. */
        synchronized boolean send(byte[] message, boolean last) {
            if (ended || endWhenServed) {
                return false;
            }
            if (out == null) {
                early.add(message);
                endWhenServed = last;
                return true;
            }
            try {
                write(message);
            } catch (IOException e) {
                ended = true;
                notifyAll();
                return false;
            }
            if (last) {
                ended = true;
                notifyAll();
            }
            return true;
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized boolean isEnded() {
            return ended;
        }

        /** Sends the response headers and what came early, then holds the exchange until the stream ends. */
        synchronized void serve() throws IOException {
            if (ended) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
            for (byte[] message : early) {
                write(message);
            }
            early.clear();
            if (endWhenServed) {
                ended = true;
            }
            try {
                while (!ended) {
                    wait(KEEPALIVE_MILLIS);
                    if (!ended) {
                        out.write(": keepalive\n\n".getBytes(StandardCharsets.US_ASCII)); // finds a client that left
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                ended = true;
            }
            try {
                out.close();
            } catch (IOException e) {
                // the client has gone
            }
        }

        private void write(byte[] message) throws IOException {
            out.write("event: message\ndata: ".getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
