package dev.capfence.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Streamable HTTP server: each client message is POSTed as it came; the answer, JSON or an SSE stream, is handed
 * on message by message. The server's session id is kept here (the client never sees it), server-to-client
 * messages come on a GET stream opened once the session is initialized, and the session is DELETEd at the end.
 * POSTs run concurrently, as an HTTP client's would, so a long call does not hold up a cancellation.
 */
final class HttpUpstream implements UpstreamSide {

    private static final int MAX_MESSAGE_BYTES = StdioUpstream.MAX_UPSTREAM_MESSAGE_BYTES;

    private final UpstreamUrl url;
    private final Listener listener;
    private final PrintStream log;
    private final ExecutorService pool;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean getOpened = new AtomicBoolean();
    private volatile String sessionId;
    /** Sent on every request after initialize, as the transport asks; a client's own header wins. */
    private volatile String protocolVersion;
    private volatile String initializeId;
    private volatile InputStream getStream;

    HttpUpstream(UpstreamUrl url, Listener listener, PrintStream log) {
        this.url = url;
        this.listener = listener;
        this.log = log;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "capfence-mcp-upstream");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).executor(pool).build();
    }

    @Override
    public void send(byte[] message, Envelope envelope, Map<String, String> headers) throws IOException {
        if (closed.get()) {
            throw new IOException("the session with " + url.uri() + " is closed");
        }
        if (envelope.isRequest() && McpSchema.METHOD_INITIALIZE.equals(envelope.method())) {
            initializeId = envelope.id();
        }
        HttpRequest.Builder post = request().POST(HttpRequest.BodyPublishers.ofByteArray(message))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        headers.forEach((name, value) -> {
            if (!url.headers().keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                post.header(name, value);
            }
        });
        String version = protocolVersion;
        if (version != null && !headers.containsKey("mcp-protocol-version")) {
            post.header("MCP-Protocol-Version", version);
        }
        HttpRequest request = post.build();
        pool.execute(() -> exchange(request, envelope));
        if (McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(envelope.method())) {
            openGetStream();
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.uri());
        url.headers().forEach(b::header);
        String session = sessionId;
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    private void exchange(HttpRequest request, Envelope envelope) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.headers().firstValue("mcp-session-id").ifPresent(s -> sessionId = s);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 202 || status == 204) {
                    return;
                }
                if (status / 100 != 2) {
                    String text = new String(body.readNBytes(400), StandardCharsets.UTF_8).strip();
                    log.println("capfence mcp-proxy: the MCP server answered HTTP " + status + " to "
                            + (envelope.method() == null ? "a response" : envelope.method()));
                    if (envelope.isRequest()) {
                        deliver(Relay.bytes(Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                                "the MCP server answered HTTP " + status + (text.isEmpty() ? "" : ": " + text))));
                    }
                    return;
                }
                String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
                if (type.startsWith("text/event-stream")) {
                    events(body);
                } else {
                    byte[] json = body.readNBytes(MAX_MESSAGE_BYTES + 1);
                    if (json.length > MAX_MESSAGE_BYTES) {
                        log.println("capfence mcp-proxy: dropped a message from the MCP server over " + MAX_MESSAGE_BYTES + " bytes");
                    } else if (json.length > 0) {
                        deliver(json);
                    }
                }
            }
        } catch (IOException e) {
            if (closed.get()) {
                return;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.println("capfence mcp-proxy: cannot reach the MCP server at " + url.uri() + ": " + why);
            if (envelope.isRequest()) {
                deliver(Relay.bytes(Json.error(envelope.id(), McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "the MCP server could not be reached: " + why)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Server-to-client messages outside any request: a GET stream, if the server offers one (405 if not). */
    private void openGetStream() {
        if (!getOpened.compareAndSet(false, true)) {
            return;
        }
        pool.execute(() -> {
            HttpRequest.Builder get = request().GET().header("Accept", "text/event-stream");
            String version = protocolVersion;
            if (version != null) {
                get.header("MCP-Protocol-Version", version);
            }
            try {
                HttpResponse<InputStream> response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() == 200) {
                        getStream = body;
                        events(body);
                    }
                }
            } catch (IOException e) {
                if (!closed.get()) {
                    log.println("capfence mcp-proxy: the MCP server's GET stream ended: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Reads an SSE stream to its end; every {@code message} event's data is one JSON-RPC message. */
    private void events(InputStream body) throws IOException {
        MessageReader lines = new MessageReader(body, MAX_MESSAGE_BYTES);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean hasData = false;
        boolean oversized = false;
        String event = null;
        byte[] line;
        while ((line = lines.line()) != null) {
            if (line == MessageReader.OVERSIZED) {
                oversized = true;
            } else if (line.length == 0) {
                if (oversized) {
                    log.println("capfence mcp-proxy: dropped a message from the MCP server over " + MAX_MESSAGE_BYTES + " bytes");
                } else if (hasData && data.size() > 0 && (event == null || event.equals("message"))) {
                    // an event without data (a resumption point the server primes the stream with) is no message
                    deliver(data.toByteArray());
                }
                data.reset();
                hasData = false;
                oversized = false;
                event = null;
            } else if (startsWith(line, "data:")) {
                int from = line.length > 5 && line[5] == ' ' ? 6 : 5;
                if (hasData) {
                    data.write('\n');
                }
                data.write(line, from, line.length - from);
                hasData = true;
                if (data.size() > MAX_MESSAGE_BYTES) {
                    oversized = true;
                    data.reset();
                }
            } else if (startsWith(line, "event:")) {
                event = new String(line, 6, line.length - 6, StandardCharsets.UTF_8).strip();
            }
        }
    }

    private static boolean startsWith(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void deliver(byte[] message) {
        // JSON allows line breaks only between tokens: as blanks the message means the same and fits on one line
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' || message[i] == '\r') {
                message[i] = ' ';
            }
        }
        String initialize = initializeId;
        if (initialize != null && protocolVersion == null) {
            try {
                if (initialize.equals(Envelope.read(message).id())) {
                    String version = Json.MAPPER.readTree(message).path("result").path("protocolVersion").asString(null);
                    protocolVersion = version;
                }
            } catch (RuntimeException e) {
                // not the answer to initialize: the client judges it
            }
        }
        listener.message(message);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String session = sessionId;
        if (session != null) {
            try {
                HttpRequest delete = request().DELETE().timeout(Duration.ofSeconds(5)).build();
                http.send(delete, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                log.println("capfence mcp-proxy: could not end the session with the MCP server: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        InputStream get = getStream;
        if (get != null) {
            try {
                get.close();
            } catch (IOException e) {
                // ending anyway
            }
        }
        pool.shutdownNow();
    }
}
