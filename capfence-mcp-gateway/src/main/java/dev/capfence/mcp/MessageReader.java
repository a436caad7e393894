package dev.capfence.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited messages as raw bytes, never holding more than the size limit: a longer line is skipped
 * to its end and reported as {@link #OVERSIZED}, so one huge message costs no memory and the next one still reads.
 */
final class MessageReader {

    /** Returned for a line over the limit; its bytes are gone. */
    static final byte[] OVERSIZED = new byte[0];

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int end;

    MessageReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next non-empty line without its line end, {@link #OVERSIZED}, or null at the end of the stream. */
    byte[] next() throws IOException {
        while (true) {
            byte[] line = line();
            if (line == null || line == OVERSIZED || !blank(line)) {
                return line;
            }
        }
    }

    /**
     * The next line without its line end, empty ones included (SSE events end at an empty line),
     * {@link #OVERSIZED}, or null at the end of the stream.
     */
    byte[] line() throws IOException {
        byte[] out = new byte[256];
        int len = 0;
        boolean over = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return len == 0 && !over ? null : over ? OVERSIZED : Arrays.copyOf(out, len);
                }
            }
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            boolean complete = pos < end;
            if (complete) {
                pos++; // the newline
            }
            if (!over) {
                if (len + n > maxBytes) {
                    over = true;
                    out = null;
                } else {
                    if (len + n > out.length) {
                        out = Arrays.copyOf(out, Math.max(len + n, Math.min(out.length * 2, maxBytes)));
                    }
                    System.arraycopy(buffer, start, out, len, n);
                    len += n;
                }
            }
            if (complete) {
                if (over) {
                    return OVERSIZED;
                }
                if (len > 0 && out[len - 1] == '\r') {
                    len--;
                }
                return Arrays.copyOf(out, len);
            }
        }
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
