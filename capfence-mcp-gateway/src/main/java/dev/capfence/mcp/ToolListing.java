package dev.capfence.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Just enough of an MCP client to read a server's tool definitions, every page of them, for pinning; over the
 * gateway's own transports, so a server command and a server at a URL are listed alike.
 */
final class ToolListing {

    private static final long TIMEOUT_SECONDS = 60;
    /** Put in the queue when the server is gone. */
    private static final byte[] END = new byte[0];

    private interface Opener {
        UpstreamSide open(UpstreamSide.Listener listener) throws IOException;
    }

    private ToolListing() {
    }

    static List<JsonNode> list(UpstreamCommand server) throws IOException {
        return list(listener -> new StdioUpstream(server, listener, System.err));
    }

    static List<JsonNode> list(UpstreamUrl server) throws IOException {
        return list(listener -> new HttpUpstream(server, listener, System.err));
    }

    private static List<JsonNode> list(Opener opener) throws IOException {
        BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        UpstreamSide server = opener.open(new UpstreamSide.Listener() {
            @Override
            public void message(byte[] message) {
                messages.add(message);
            }

            @Override
            public void ended(String why) {
                messages.add(END);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            send(server, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + McpSchema.METHOD_INITIALIZE
                    + "\",\"params\":{\"protocolVersion\":\"" + ProtocolVersions.MCP_2025_06_18
                    + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"capfence-mcp-pins\",\"version\":\"1\"}}}");
            answer(messages, 1, deadline);
            send(server, "{\"jsonrpc\":\"2.0\",\"method\":\"" + McpSchema.METHOD_NOTIFICATION_INITIALIZED + "\"}");
            List<JsonNode> tools = new ArrayList<>();
            String cursor = null;
            int id = 2;
            do {
                send(server, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + McpSchema.METHOD_TOOLS_LIST + "\""
                        + (cursor == null ? "" : ",\"params\":{\"cursor\":" + Json.quote(cursor) + "}") + "}");
                JsonNode result = answer(messages, id++, deadline);
                result.path("tools").forEach(tools::add);
                cursor = result.path("nextCursor").isString() ? result.path("nextCursor").asString() : null;
            } while (cursor != null);
            return tools;
        } finally {
            server.close();
            if (server instanceof StdioUpstream stdio) {
                stdio.destroy();
            }
        }
    }

    private static void send(UpstreamSide server, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        server.send(bytes, Envelope.read(bytes), Map.of());
    }

    /** The result of the response with this id; notifications and the server's own requests are passed over. */
    private static JsonNode answer(BlockingQueue<byte[]> messages, int id, long deadline) throws IOException {
        while (true) {
            byte[] line;
            try {
                line = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (line == null) {
                throw new IOException("the MCP server did not list its tools within " + TIMEOUT_SECONDS + " s");
            }
            if (line == END) {
                throw new IOException("the MCP server closed its output before answering");
            }
            JsonNode message;
            try {
                message = Json.MAPPER.readTree(line);
            } catch (JacksonException e) {
                continue;
            }
            if (message.has("method") || message.path("id").asInt(-1) != id) {
                continue;
            }
            if (message.has("error")) {
                throw new IOException("the MCP server answered with an error: " + message.get("error"));
            }
            return message.path("result");
        }
    }
}
