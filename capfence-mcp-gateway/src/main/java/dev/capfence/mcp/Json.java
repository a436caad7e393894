package dev.capfence.mcp;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** The few JSON texts the gateway writes itself: its replies. Everything else it forwards as it came. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** A string as a JSON string literal. */
    static String quote(String s) {
        StringWriter w = new StringWriter(s.length() + 2);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
            g.writeString(s);
        }
        return w.toString();
    }

    /** A JSON-RPC error response; {@code id} is JSON text, null for the {@code null} id. */
    static String error(String id, int code, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (id == null ? "null" : id) + ",\"error\":{\"code\":" + code
                + ",\"message\":" + quote(message) + "}}";
    }

    /**
     * A tool result with {@code isError: true}: what a client shows its model when the call was not carried out.
     * {@code meta} (the verdict) goes under {@code _meta} for clients that read it.
     */
    static String toolError(String id, String text, Map<String, Object> meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":"
                + quote(text) + "}],\"isError\":true,\"_meta\":{\"dev.capfence/verdict\":"
                + MAPPER.writeValueAsString(meta) + "}}}";
    }
}
