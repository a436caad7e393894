package dev.capfence.semantics.path;

import dev.capfence.semantics.CorpusFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evasion and look-alike corpora under {@code semantics/path/}; failures name the corpus line. */
class PathCorpusTest {

    private static final String HOME = "/home/u";
    private static final PathCanonicalizer LEXICAL = PathCanonicalizer.lexical();
    private static final PathCanonicalizer CONFIGURED = LEXICAL.withHome(HOME).withBase("/srv/app");
    private static final CanonicalPath SANDBOX = LEXICAL.canonicalize("/srv/app");

    /** Deny-style globs: case folded, as on a case-insensitive filesystem. */
    static final List<PathGlob> SENSITIVE = List.of("**/.ssh/**", "**/.env", "**/.env.*", "**/.aws/**",
            "**/*.pem", "**/*.key", "**/id_rsa*", "/etc/**", "/root/**", "/proc/**").stream()
            .map(g -> PathGlob.compile(g, HOME).ignoringCase())
            .toList();

    private static List<CorpusFile.Line> evasions() {
        return CorpusFile.read("/semantics/path/evasions.txt");
    }

    private static List<CorpusFile.Line> lookalikes() {
        return CorpusFile.read("/semantics/path/lookalikes.txt");
    }

    static boolean caught(CanonicalPath p) {
        return p.suspicious() || !p.isWithin(SANDBOX) || SENSITIVE.stream().anyMatch(g -> g.matches(p));
    }

    @Test
    void theCorporaAreLargeEnough() {
        assertThat(evasions()).hasSizeGreaterThanOrEqualTo(45);
        assertThat(lookalikes()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void everyEvasionIsCaughtWithBaseAndHome() {
        assertCaught(CONFIGURED);
    }

    @Test
    void everyEvasionIsCaughtLexicallyToo() {
        assertCaught(LEXICAL);
    }

    private static void assertCaught(PathCanonicalizer c) {
        List<String> missed = new ArrayList<>();
        for (CorpusFile.Line line : evasions()) {
            CanonicalPath p = c.canonicalize(line.text());
            if (!caught(p)) {
                missed.add(line + " -> " + p);
            }
        }
        assertThat(missed).as("evasions read as a harmless path inside /srv/app").isEmpty();
    }

    @Test
    void everyLookalikeIsAllowed() {
        List<String> wrong = new ArrayList<>();
        for (CorpusFile.Line line : lookalikes()) {
            CanonicalPath p = CONFIGURED.canonicalize(line.text());
            if (caught(p)) {
                wrong.add(line + " -> " + p + (p.suspicious() ? " (" + p.problem() + ")" : ""));
            }
        }
        assertThat(wrong).as("harmless paths read as outside /srv/app or sensitive").isEmpty();
    }
}
