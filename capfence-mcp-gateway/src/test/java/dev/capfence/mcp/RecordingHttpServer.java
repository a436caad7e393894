package dev.capfence.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Streamable HTTP MCP server for tests of what the gateway sends upstream: it records every request's method,
 * headers and body, answers each JSON-RPC request with the headers it got (as JSON, or as SSE when the request is
 * a tools/list), and hands out the session id {@code up-1} at initialize.
 */
final class RecordingHttpServer implements AutoCloseable {

    record Request(String method, Map<String, String> headers, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), headers, body));
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 405 : 200, -1);
            exchange.close();
            return;
        }
        JsonNode message = Json.MAPPER.readTree(body);
        if (!message.has("id") || !message.has("method")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        ObjectNode reply = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", message.get("id"));
        ObjectNode result = reply.putObject("result");
        String method = message.get("method").asString();
        if (method.equals("initialize")) {
            result.put("protocolVersion", "2025-11-25");
            result.putObject("capabilities").putObject("tools");
            result.putObject("serverInfo").put("name", "recording").put("version", "1");
            exchange.getResponseHeaders().set("Mcp-Session-Id", "up-1");
        } else if (method.equals("tools/call")) {
            result.putArray("content").addObject().put("type", "text").put("text", "done");
        }
        result.set("headers", Json.MAPPER.valueToTree(headers));
        // pretty-printed on purpose: line breaks a stdio client must never see inside a message
        byte[] json = reply.toPrettyString().getBytes(StandardCharsets.UTF_8);
        if (method.equals("tools/list")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":"
                        + "{\"level\":\"info\",\"data\":\"listing\"}}\n\n").getBytes(StandardCharsets.UTF_8));
                out.write(("id: 1\ndata: " + reply + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
