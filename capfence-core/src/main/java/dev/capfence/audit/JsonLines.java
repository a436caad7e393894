package dev.capfence.audit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits JSONL bytes into numbered lines, each decoded and parsed on its own, so one bad line (a torn write,
 * a stray byte) is reported with its number and never hides the lines around it.
 */
final class JsonLines {

    /** A key twice in one object is refused, as in event parsing: readers disagree on which one counts. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** One non-blank line: its 1-based number, its text, and either its JSON object or why it has none. */
    record Line(long number, String text, Map<String, Object> json, String problem) {
    }

    private JsonLines() {
    }

    static List<Line> split(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        long number = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') {
                continue;
            }
            if (i == bytes.length && start == i) {
                break; // the file ended with a newline
            }
            number++;
            int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            Line line = parse(number, Arrays.copyOfRange(bytes, start, end));
            if (line != null) {
                lines.add(line);
            }
            start = i + 1;
        }
        return lines;
    }

    /** Null for a blank line, which JSONL writers and editors leave behind harmlessly. */
    private static Line parse(long number, byte[] raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new Line(number, null, null, "not UTF-8 text");
        }
        if (number == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            return null;
        }
        Object tree;
        try {
            tree = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            return new Line(number, text, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof Map<?, ?> map)) {
            return new Line(number, text, null, "not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) map;
        return new Line(number, text, json, null);
    }
}
