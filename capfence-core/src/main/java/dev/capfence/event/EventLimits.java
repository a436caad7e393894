package dev.capfence.event;

/**
 * How large an event may be: its JSON text in bytes and the nesting depth of its JSON document (the event object
 * is depth 1, its payload 2, …). An event over either limit is denied with {@code payload_too_large}: read from
 * JSON, before it is parsed; built in Java, measured while its payload is copied.
 *
 * @param maxPayloadBytes the largest JSON text, in UTF-8 bytes; for an event built in Java, the estimated JSON
 *                        size of its payload and context
 * @param maxDepth        the deepest nesting, at most {@link #DEPTH_CEILING}
 */
public record EventLimits(long maxPayloadBytes, int maxDepth) {

    /** 1 MiB and 64 levels. */
    public static final EventLimits DEFAULTS = new EventLimits(1024 * 1024, 64);

    /** The deepest nesting any event is measured to; deeper content is not even copied. */
    public static final int DEPTH_CEILING = 1000;

    public EventLimits {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1, was " + maxPayloadBytes);
        }
        if (maxDepth < 2 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be between 2 and " + DEPTH_CEILING + ", was " + maxDepth);
        }
    }

    /** Throws {@link PayloadTooLargeException} when a JSON text of this many bytes is over the limit. */
    public void checkBytes(long bytes) {
        if (bytes > maxPayloadBytes) {
            throw new PayloadTooLargeException(null,
                    "event is " + bytes + " bytes, over the limit of " + maxPayloadBytes + " bytes");
        }
    }

    /** Why this event is over a limit, or null when it is within both. */
    public String violation(ActionEvent event) {
        if (event.depth() > maxDepth) {
            return "event nests " + (event.depth() > DEPTH_CEILING ? "more than " + DEPTH_CEILING : event.depth())
                    + " levels deep, over the limit of " + maxDepth;
        }
        if (event.estimatedBytes() > maxPayloadBytes) {
            return "event payload and context are about " + event.estimatedBytes()
                    + " bytes as JSON, over the limit of " + maxPayloadBytes + " bytes";
        }
        return null;
    }

    /** The UTF-8 length of a text, counted without encoding it. */
    static long utf8Length(CharSequence s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
