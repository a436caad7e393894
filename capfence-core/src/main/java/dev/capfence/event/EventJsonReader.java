package dev.capfence.event;

import java.math.BigDecimal;
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
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

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
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
        try (JsonParser p = FACTORY.createParser(json)) {
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
            String duplicate = duplicateKey(e);
            if (duplicate != null) {
                throw new InvalidEventException(null, duplicate);
            }
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
                return integer(p.getString());
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

    /** Small integers as Integer or Long, as before; larger ones exact; out of range: the text. */
    private static Object integer(String text) {
        if (text.length() <= 18) {
            long v = Long.parseLong(text);
            return v == (int) v ? (Object) (int) v : (Object) v;
        }
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

    /** Jackson's duplicate-key error as {@code duplicate key "k" at payload.items[0]}; null for any other error. */
    private static String duplicateKey(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith("Duplicate Object property") || !(e.processor() instanceof JsonParser p)) {
            return null;
        }
        TokenStreamContext ctx = p.streamReadContext();
        return "duplicate key \"" + ctx.currentName() + "\" at " + path(ctx);
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
