package dev.capfence.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;

/** Just enough of an MCP client to read a server's tool definitions, every page of them, for pinning. */
final class ToolListing {

    private static final long TIMEOUT_SECONDS = 60;

    private ToolListing() {
    }

    static List<JsonNode> list(UpstreamCommand server) throws IOException {
        Process process = server.start();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "capfence-mcp-pins");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<JsonNode>> tools = reader.submit(() -> converse(process));
            return tools.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the MCP server did not list its tools within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroy();
            reader.shutdownNow();
        }
    }

    private static List<JsonNode> converse(Process process) throws IOException {
        OutputStream toServer = process.getOutputStream();
        MessageReader fromServer = new MessageReader(process.getInputStream(), Integer.MAX_VALUE - 8);
        send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + McpSchema.METHOD_INITIALIZE
                + "\",\"params\":{\"protocolVersion\":\"" + ProtocolVersions.MCP_2025_06_18
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"capfence-mcp-pins\",\"version\":\"1\"}}}");
        answer(fromServer, 1);
        send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"" + McpSchema.METHOD_NOTIFICATION_INITIALIZED + "\"}");
        List<JsonNode> tools = new ArrayList<>();
        String cursor = null;
        int id = 2;
        do {
            send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + McpSchema.METHOD_TOOLS_LIST + "\""
                    + (cursor == null ? "" : ",\"params\":{\"cursor\":" + Json.quote(cursor) + "}") + "}");
            JsonNode result = answer(fromServer, id++);
            result.path("tools").forEach(tools::add);
            cursor = result.path("nextCursor").isString() ? result.path("nextCursor").asString() : null;
        } while (cursor != null);
        return tools;
    }

    private static void send(OutputStream out, String message) throws IOException {
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The result of the response with this id; notifications and the server's own requests are passed over. */
    private static JsonNode answer(MessageReader in, int id) throws IOException {
        byte[] line;
        while ((line = in.next()) != null) {
            if (line == MessageReader.OVERSIZED) {
                continue;
            }
            JsonNode message = Json.MAPPER.readTree(line);
            if (message.has("method") || message.path("id").asInt(-1) != id) {
                continue;
            }
            if (message.has("error")) {
                throw new IOException("the MCP server answered with an error: " + message.get("error"));
            }
            return message.path("result");
        }
        throw new IOException("the MCP server closed its output before answering");
    }
}
