package dev.capfence.mcp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny MCP server over stdio for tests of what a real server will not do on demand: change a tool's definition
 * mid-session (the description is read from the file named as the first argument at every listing; each
 * call it receives is appended to the file named second), echo its
 * environment, and die. {@code tools/call} answers with the tool name and arguments it received; the tool
 * {@code fail} answers {@code isError: true}, {@code broken} a JSON-RPC error, and {@code hang} never answers.
 */
public final class ScriptedServer {

    public static void main(String[] args) throws Exception {
        Path description = Path.of(args[0]);
        Path calls = Path.of(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode m = Json.MAPPER.readTree(line);
            String method = m.path("method").asString(null);
            if (method == null || !m.has("id")) {
                if ("notifications/die".equals(method)) {
                    System.exit(3);
                }
                continue;
            }
            ObjectNode reply = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
            reply.set("id", m.get("id"));
            ObjectNode result = reply.putObject("result");
            switch (method) {
                case "initialize" -> {
                    result.put("protocolVersion", m.path("params").path("protocolVersion").asString());
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "scripted").put("version", "1");
                }
                case "tools/list" -> {
                    var tools = result.putArray("tools");
                    for (String name : new String[] {"echo", "env", "wipe_disk"}) {
                        ObjectNode tool = tools.addObject().put("name", name)
                                .put("description", name.equals("echo") ? Files.readString(description) : name);
                        tool.putObject("inputSchema").put("type", "object");
                    }
                }
                case "tools/call" -> {
                    String name = m.path("params").path("name").asString();
                    if (name.equals("hang")) {
                        continue;
                    }
                    if (name.equals("broken")) {
                        reply.remove("result");
                        reply.putObject("error").put("code", -32603).put("message", "the disk is on fire");
                        out.println(Json.MAPPER.writeValueAsString(reply));
                        continue;
                    }
                    result.put("isError", name.equals("fail"));
                    Files.writeString(calls, name + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    String text = name.equals("env") ? "token=" + System.getenv("SCRIPTED_TOKEN")
                            : "called " + name + " with " + m.path("params").path("arguments");
                    result.putArray("content").addObject().put("type", "text").put("text", text);
                }
                default -> result.put("echoed", method);
            }
            out.println(Json.MAPPER.writeValueAsString(reply));
        }
    }
}
