package dev.capfence.adversarial;

import static dev.capfence.adversarial.AdversarialPolicies.PATH;
import static dev.capfence.adversarial.AdversarialPolicies.PATH_CAPABILITY;
import static dev.capfence.adversarial.AdversarialPolicies.PATH_LEXICAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.engine.ActionRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The path corpora, run through the public engine API: with {@code paths: {working_dir, home}} and, as the corpus
 * header asks, purely lexically (no {@code paths} settings).
 */
class PathThroughEngineTest {

    private static final ActionRuntime CONFIGURED = AdversarialPolicies.runtime(PATH, "path.yaml");
    private static final ActionRuntime LEXICAL = AdversarialPolicies.runtime(PATH_LEXICAL, "path-lexical.yaml");

    @Test
    void noEvasionIsAllowedWithWorkingDirAndHome() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.plain("path", "evasions.txt");
        assertThat(lines).as("path evasions").hasSizeGreaterThan(40);
        assertThat(AdversarialPolicies.allowedButMustNot(CONFIGURED, PATH_CAPABILITY, "path", lines))
                .as("path evasions the engine did not deny").isEmpty();
    }

    @Test
    void noEvasionIsAllowedLexically() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.plain("path", "evasions.txt");
        assertThat(AdversarialPolicies.allowedButMustNot(LEXICAL, PATH_CAPABILITY, "path", lines))
                .as("path evasions the lexical policy did not deny").isEmpty();
    }

    @Test
    void everyLookalikeIsAllowedWithWorkingDirAndHome() {
        List<AdversarialCorpus.Line> lines = AdversarialCorpus.plain("path", "lookalikes.txt");
        assertThat(lines).as("path look-alikes").hasSizeGreaterThan(20);
        assertThat(AdversarialPolicies.notAllowedButMust(CONFIGURED, PATH_CAPABILITY, "path", "path-in-sandbox", lines))
                .as("path look-alikes the engine did not allow").isEmpty();
    }

    @Test
    void absoluteLookalikesAreAllowedLexicallyToo() {
        // Without a working directory a relative path has no place in /srv/app: only the absolute look-alikes
        // are meant to hold lexically (the parser corpus checks look-alikes with base and home only).
        List<AdversarialCorpus.Line> absolute = AdversarialCorpus.plain("path", "lookalikes.txt").stream()
                .filter(l -> l.input().startsWith("/"))
                .toList();
        assertThat(absolute).hasSizeGreaterThan(20);
        assertThat(AdversarialPolicies.notAllowedButMust(LEXICAL, PATH_CAPABILITY, "path", "path-in-sandbox", absolute))
                .as("absolute path look-alikes the lexical policy did not allow").isEmpty();
    }

    @Test
    void everyDefaultPathKeyIsRead() {
        for (String key : List.of("file", "filepath", "filename", "target", "directory", "root")) {
            assertThat(AdversarialPolicies.allowedButMustNot(CONFIGURED, PATH_CAPABILITY, key,
                    AdversarialCorpus.plain("path", "evasions.txt"))).as("evasions under %s", key).isEmpty();
        }
    }
}
