package dev.capfence.semantics.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the corpus files under {@code semantics/shell/}: '⏎' is a newline, '⇥' a tab, '#' lines are comments. */
final class Corpus {

    record Line(int number, String expect, String input) {
    }

    private Corpus() {
    }

    /** Lines of the form {@code EXPECT<TAB>INPUT}. */
    static List<Line> expectations(String resource) {
        List<Line> out = new ArrayList<>();
        for (Line raw : lines(resource)) {
            int tab = raw.input().indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException(resource + ":" + raw.number() + ": no tab between expectation and input");
            }
            out.add(new Line(raw.number(), raw.input().substring(0, tab), decode(raw.input().substring(tab + 1))));
        }
        return out;
    }

    /** Lines holding only an input. */
    static List<Line> inputs(String resource) {
        List<Line> out = new ArrayList<>();
        for (Line raw : lines(resource)) {
            out.add(new Line(raw.number(), "", decode(raw.input())));
        }
        return out;
    }

    private static List<Line> lines(String resource) {
        List<Line> out = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream("/semantics/shell/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(new Line(number, "", line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String decode(String s) {
        return s.replace('⏎', '\n').replace('⇥', '\t');
    }
}
