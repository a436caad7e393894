package dev.capfence.event;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reads event JSON text into maps, lists, strings, exact numbers, booleans and nulls, refusing what different
 * JSON readers would read differently or what costs too much to read:
 * <ul>
 *   <li>a key twice in one object (after unescaping: {@code "am\u006funt"} is {@code "amount"}) — one reader keeps
 *       the first, another the last, so a reviewer and a tool could see different values;</li>
 *   <li>text over the byte limit, checked before any parsing, and nesting over the depth limit, checked as it is
 *       read;</li>
 *   <li>numbers keep their exact decimal value; one out of {@link Decimals}' range is kept as its JSON text, which
 *       reads as an unreadable number.</li>
 * </ul>
 */
final class EventJsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // buffers kept per thread: the shared default pool's hand-offs cost more than reading a small event
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            // depth is counted here, against the configured limit; number text is judged by Decimals, not refused
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(EventLimits.DEPTH_CEILING + 1)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private final EventLimits limits;

    EventJsonReader(EventLimits limits) {
        this.limits = limits;
    }

    /** The document's value; {@link InvalidEventException} or {@link PayloadTooLargeException} when it has none. */
    Object read(String json) {
        // A cheap upper bound first, so the usual small event is never counted character by character.
        if ((long) json.length() * 3 > limits.maxPayloadBytes()) {
            limits.checkBytes(EventLimits.utf8Length(json));
        }
        return read(FACTORY.createParser(json));
    }

    /**
     * The value of a document of UTF-8 bytes, decoded strictly: bytes that are not UTF-8 make the event invalid,
     * never a replaced character that a deny rule could miss. ASCII, the usual event, is read as it is.
     */
    Object read(byte[] utf8) {
        limits.checkBytes(utf8.length);
        if (!isAscii(utf8)) {
            try {
                return read(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf8))
                        .toString());
            } catch (CharacterCodingException e) {
                throw new InvalidEventException(null, "event is not UTF-8 text");
            }
        }
        return read(FACTORY.createParser(utf8));
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private Object read(JsonParser parser) {
        try (JsonParser p = parser) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw invalid("no JSON document");
            }
            Object value = value(p, first, 1);
            if (p.nextToken() != null) {
                throw invalid("more than one JSON document");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new PayloadTooLargeException(null, "event is over a size limit: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw invalid(e.getOriginalMessage());
        }
    }

    /** {@code depth} is the nesting depth a container starting here would have. */
    private Object value(JsonParser p, JsonToken t, int depth) {
        switch (t) {
            case START_OBJECT: {
                tooDeep(p, depth);
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw new InvalidEventException(null, duplicate(p.streamReadContext()));
                    }
                    map.put(key, value(p, p.nextToken(), depth + 1));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                tooDeep(p, depth);
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, next, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                // up to 18 characters always fit a long: read as the parser holds it, without a string
                return p.getStringLength() <= 18 ? small(p.getLongValue()) : integer(p.getString());
            case VALUE_NUMBER_FLOAT:
                return decimal(p.getString());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw invalid("unexpected " + t);
        }
    }

    private void tooDeep(JsonParser p, int depth) {
        if (depth > limits.maxDepth()) {
            throw new PayloadTooLargeException(null, "event nests deeper than " + limits.maxDepth() + " levels at "
                    + path(p.streamReadContext()));
        }
    }

    /** Integers as Integer when they fit one, else Long. */
    private static Object small(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    /** Integers of more than 18 characters: exact, as a Long or a BigInteger; out of range: the text. */
    private static Object integer(String text) {
        BigDecimal d = Decimals.parse(text);
        if (d == null) {
            return text;
        }
        BigInteger i = d.toBigIntegerExact();
        return i.bitLength() < 64 ? (Object) i.longValue() : i;
    }

    private static Object decimal(String text) {
        BigDecimal d = Decimals.parse(text);
        return d != null ? d : text;
    }

    /**
     * The key just read in {@code object} is there already: {@code duplicate key "k" at payload.items[0]}. Checked
     * by the map being filled rather than by the parser, which would keep a second set of the keys.
     */
    private static String duplicate(TokenStreamContext object) {
        return "duplicate key \"" + object.currentName() + "\" at " + path(object);
    }

    /** Where a container sits, as {@code payload.items[0]}; the event object itself is {@code the top level}. */
    private static String path(TokenStreamContext container) {
        List<TokenStreamContext> outer = new ArrayList<>();
        for (TokenStreamContext c = container.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            outer.add(0, c);
        }
        StringBuilder b = new StringBuilder();
        for (TokenStreamContext c : outer) {
            if (c.inArray()) {
                b.append('[').append(c.getCurrentIndex()).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(c.currentName());
            }
        }
        return b.length() == 0 ? "the top level" : b.toString();
    }

    private static InvalidEventException invalid(String why) {
        return new InvalidEventException(null, "event is not valid JSON: " + why);
    }
}
