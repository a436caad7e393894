package dev.capfence.semantics.url;

import dev.capfence.semantics.CorpusFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evasion and look-alike corpora under {@code semantics/url/}; failures name the corpus line. */
class UrlCorpusTest {

    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final List<HostPattern> HOSTS = List.of(HostPattern.compile("api.stripe.com"),
            HostPattern.compile("*.example.com"));
    private static final Set<Integer> PORTS = Set.of(80, 443);

    private static List<CorpusFile.Line> evasions() {
        return CorpusFile.read("/semantics/url/evasions.txt");
    }

    private static List<CorpusFile.Line> lookalikes() {
        return CorpusFile.read("/semantics/url/lookalikes.txt");
    }

    /** What an allow rule with scheme_in, host_in and port_in would let through. */
    private static boolean allowed(ParsedUrl u) {
        return !u.unparseable() && u.scheme() != null && SCHEMES.contains(u.scheme())
                && HOSTS.stream().anyMatch(h -> h.matches(u.host())) && PORTS.contains(u.port());
    }

    @Test
    void theCorporaAreLargeEnough() {
        assertThat(evasions()).hasSizeGreaterThanOrEqualTo(45);
        assertThat(lookalikes()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void noEvasionIsAllowed() {
        List<String> wrong = new ArrayList<>();
        for (CorpusFile.Line line : evasions()) {
            ParsedUrl u = UrlParser.parse(line.text());
            if (allowed(u)) {
                wrong.add(line + " -> " + u);
            }
        }
        assertThat(wrong).as("evasions read as an allowed scheme, host and port").isEmpty();
    }

    @Test
    void everyLookalikeIsAllowed() {
        List<String> wrong = new ArrayList<>();
        for (CorpusFile.Line line : lookalikes()) {
            ParsedUrl u = UrlParser.parse(line.text());
            if (!allowed(u)) {
                wrong.add(line + " -> " + u);
            }
        }
        assertThat(wrong).as("equivalent spellings of an allowed URL read as something else").isEmpty();
    }
}
