package dev.capfence.adversarial;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parser corpora under {@code semantics/{shell,sql,path,url}/} independently of the parser tests, each
 * in its own format:
 * <ul>
 *   <li>shell: {@code EXPECT<TAB>INPUT} (evasions) or {@code INPUT} (look-alikes); lines starting with {@code #}
 *       and blank lines skipped (not stripped: a look-alike may start with a space); {@code ⏎} is a newline and
 *       {@code ⇥} a tab, everything else literal.</li>
 *   <li>sql: {@code EXPECTATIONS<TAB>SQL}; {@code \n \r \t \\} and {@code \}{@code uXXXX} are escapes, any other
 *       backslash stays.</li>
 *   <li>path and url: one input a line, {@code "  # "} (two spaces) starts a comment, lines stripped, then
 *       {@code \}{@code uXXXX} unescaped (other backslashes stay).</li>
 * </ul>
 */
final class AdversarialCorpus {

    /** One corpus case: where it is, what the parser corpus expects (may be empty), the decoded input. */
    record Line(String file, int number, String expect, String input) {
        String where() {
            return file + ":" + number;
        }

        /** The input with control characters made visible, for failure messages. */
        String shown() {
            return visible(input);
        }
    }

    private AdversarialCorpus() {
    }

    static List<Line> shell(String file) {
        boolean withExpectation = file.equals("evasions.txt");
        List<Line> out = new ArrayList<>();
        String resource = "semantics/shell/" + file;
        for (Raw raw : raw(resource)) {
            if (raw.text().isBlank() || raw.text().startsWith("#")) {
                continue;
            }
            String expect = "";
            String input = raw.text();
            if (withExpectation) {
                int tab = input.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalStateException(resource + ":" + raw.number() + ": no tab after the expectation");
                }
                expect = input.substring(0, tab);
                input = input.substring(tab + 1);
            }
            out.add(new Line(resource, raw.number(), expect, input.replace('⏎', '\n').replace('⇥', '\t')));
        }
        return out;
    }

    static List<Line> sql(String file) {
        List<Line> out = new ArrayList<>();
        String resource = "semantics/sql/" + file;
        for (Raw raw : raw(resource)) {
            if (raw.text().isBlank() || raw.text().startsWith("#")) {
                continue;
            }
            int tab = raw.text().indexOf('\t');
            if (tab <= 0) {
                throw new IllegalStateException(resource + ":" + raw.number() + ": no tab after the expectations");
            }
            out.add(new Line(resource, raw.number(), raw.text().substring(0, tab),
                    unescapeSql(raw.text().substring(tab + 1))));
        }
        return out;
    }

    /** The path and url corpora share one format. */
    static List<Line> plain(String kind, String file) {
        List<Line> out = new ArrayList<>();
        String resource = "semantics/" + kind + "/" + file;
        for (Raw raw : raw(resource)) {
            int comment = raw.text().indexOf("  # ");
            String text = (comment >= 0 ? raw.text().substring(0, comment) : raw.text()).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            out.add(new Line(resource, raw.number(), "", unescapeUnicode(text)));
        }
        return out;
    }

    static String unescapeSql(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
            if (c == '\\' && (next == 'n' || next == 'r' || next == 't' || next == '\\')) {
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : '\\');
                i++;
            } else if (c == '\\' && next == 'u' && isHex(s, i + 2)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescapeUnicode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && isHex(s, i + 2)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Control and invisible characters as {@code \}{@code uXXXX}, so a failure message shows the real input. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT))) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private record Raw(int number, String text) {
    }

    private static List<Raw> raw(String resource) {
        try (InputStream in = AdversarialCorpus.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Raw> out = new ArrayList<>();
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.add(new Raw(++number, line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
