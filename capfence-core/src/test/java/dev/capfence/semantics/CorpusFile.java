package dev.capfence.semantics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test corpus: one input a line; blank lines and lines starting with {@code #} skipped; {@code "  # "}
 * (two spaces) starts a comment; lines stripped; then {@code \}{@code uXXXX} unescaped (other backslashes
 * stay, so Windows paths read as written).
 */
public final class CorpusFile {

    public record Line(int number, String text) {
        @Override
        public String toString() {
            return "line " + number + ": " + text.replace("\u0000", "\\0");
        }
    }

    private CorpusFile() {
    }

    public static List<Line> read(String resource) {
        try (InputStream in = CorpusFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Line> out = new ArrayList<>();
            int number = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                number++;
                int comment = line.indexOf("  # ");
                String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                out.add(new Line(number, unescape(text)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length() && isHex(s.substring(i + 2, i + 6))) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }
}
