package dev.capfence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lines come out as written, whatever block they straddle, with their full size even when only a part is kept. */
class InputLinesTest {

    @Test
    void linesOfEveryLengthAcrossBlocksWithAndWithoutCarriageReturns() throws IOException {
        Random random = new Random(5);
        for (long keep : new long[] {Long.MAX_VALUE - 1, 100}) {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            for (int i = 0; i < 3000; i++) {
                int length = random.nextInt(10) == 0 ? random.nextInt(200_000) : random.nextInt(300);
                char[] text = new char[length];
                Arrays.fill(text, (char) ('a' + i % 26));
                String line = new String(text);
                lines.add(line);
                input.writeBytes((line + (random.nextBoolean() ? "\r\n" : "\n")).getBytes(StandardCharsets.US_ASCII));
            }
            input.writeBytes("last, without an end".getBytes(StandardCharsets.US_ASCII));
            lines.add("last, without an end");

            Inputs.Lines reader = new Inputs.Lines(trickling(input.toByteArray(), random), keep);
            for (int i = 0; i < lines.size(); i++) {
                byte[] got = reader.next();
                String want = lines.get(i);
                assertThat(reader.number()).isEqualTo(i + 1);
                assertThat(reader.size()).isEqualTo(want.length());
                String kept = want.length() <= keep ? want : want.substring(0, (int) keep + 1);
                assertThat(new String(got, StandardCharsets.US_ASCII)).as("line %d", i + 1).isEqualTo(kept);
            }
            assertThat(reader.next()).isNull();
        }
    }

    /** A stream that hands out what it holds in reads of random sizes, as a pipe does. */
    private static InputStream trickling(byte[] bytes, Random random) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(100_000)));
            }
        };
    }
}
