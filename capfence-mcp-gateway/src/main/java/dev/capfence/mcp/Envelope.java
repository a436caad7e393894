package dev.capfence.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * What the gateway needs to know of a JSON-RPC message to route it: its method and its id, the id kept as JSON text
 * so a reply carries exactly the id the client sent. The whole message is read, so a message that is not one JSON
 * object, or that holds a key twice anywhere (one reader would keep the first, another the last: the gateway and
 * the server could see different calls), is refused.
 *
 * @param method  the method, or null for a response
 * @param id      the id as JSON text ({@code 7}, {@code "a"}), or null when there is none (a notification)
 * @param failure for a response that reports a failure (a JSON-RPC {@code error}, or a result with
 *                {@code isError: true}), what it says; null otherwise
 */
record Envelope(String method, String id, String failure) {

    Envelope(String method, String id) {
        this(method, id, null);
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    boolean isRequest() {
        return method != null && id != null;
    }

    boolean isResponse() {
        return method == null;
    }

    /** Reads a message; {@link Malformed} says why it is not a usable JSON-RPC message. */
    static Envelope read(byte[] message) {
        String method = null;
        String id = null;
        String failure = null;
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), message)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, null,
                        "JSON-RPC batches are not accepted: send one message per line");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, null, "a JSON-RPC message is a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if ("method".equals(key)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, id, "method must be a string");
                    }
                    method = p.getString();
                } else if ("id".equals(key)) {
                    id = id(p, value);
                } else if ("error".equals(key) && value == JsonToken.START_OBJECT) {
                    failure = error(p);
                } else if ("result".equals(key) && value == JsonToken.START_OBJECT) {
                    failure = toolError(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new Malformed(McpSchema.ErrorCodes.PARSE_ERROR, null, "more than one JSON value on the line");
            }
        } catch (StreamConstraintsException e) {
            throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, null, "message over a limit: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            String why = e.getOriginalMessage();
            if (why != null && why.startsWith("Duplicate Object property")) {
                throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, null, "a key appears twice in the message: " + why);
            }
            throw new Malformed(McpSchema.ErrorCodes.PARSE_ERROR, null, "not valid JSON: " + why);
        }
        return new Envelope(method, id, method == null ? failure : null);
    }

    /** A JSON-RPC error object, read to its end: "error CODE: MESSAGE". */
    private static String error(JsonParser p) {
        String code = "?";
        String message = "";
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if ("code".equals(key) && value.isNumeric()) {
                code = p.getString();
            } else if ("message".equals(key) && value == JsonToken.VALUE_STRING) {
                message = p.getString();
            } else {
                p.skipChildren();
            }
        }
        return "JSON-RPC error " + code + (message.isEmpty() ? "" : ": " + message);
    }

    /** A result object, read to its end: a tool result with {@code isError: true} is a failure (its text is not kept). */
    private static String toolError(JsonParser p) {
        boolean isError = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if ("isError".equals(key) && value == JsonToken.VALUE_TRUE) {
                isError = true;
            } else {
                p.skipChildren();
            }
        }
        return isError ? "the tool answered with isError: true" : null;
    }

    private static String id(JsonParser p, JsonToken value) {
        switch (value) {
            case VALUE_STRING:
                return Json.quote(p.getString());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getString();
            case VALUE_NULL:
                return "null";
            default:
                throw new Malformed(McpSchema.ErrorCodes.INVALID_REQUEST, null, "id must be a string or a number");
        }
    }

    /** A message that cannot be routed; answered with a JSON-RPC error. */
    static final class Malformed extends RuntimeException {
        final int code;
        final String id;

        Malformed(int code, String id, String message) {
            super(message, null, false, false);
            this.code = code;
            this.id = id;
        }
    }
}
