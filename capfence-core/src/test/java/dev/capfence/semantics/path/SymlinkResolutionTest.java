package dev.capfence.semantics.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox holding links that point out of it: lexically inside, on disk outside. */
class SymlinkResolutionTest {

    private static final PathCanonicalizer LEXICAL = PathCanonicalizer.lexical();
    private static final PathCanonicalizer RESOLVING = LEXICAL.resolvingSymlinks(true);

    @TempDir
    Path tmp;

    private Path sandbox;
    private Path outside;

    @BeforeEach
    void layout() throws IOException {
        sandbox = Files.createDirectories(tmp.resolve("srv/app"));
        outside = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Files.writeString(sandbox.resolve("ok.txt"), "fine");
        link(sandbox.resolve("link"), outside);
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            assumeTrue(false, "symlinks not available here: " + e);
        }
    }

    private CanonicalPath box(PathCanonicalizer c) {
        return c.canonicalize(sandbox.toString()); // the same canonicalizer: tmp itself may sit behind a link
    }

    @Test
    void aLinkOutOfTheSandboxIsInsideLexicallyAndOutsideWhenResolved() throws IOException {
        String raw = sandbox + "/link/passwd";
        assertThat(LEXICAL.canonicalize(raw).isWithin(box(LEXICAL))).isTrue();

        CanonicalPath resolved = RESOLVING.canonicalize(raw);
        assertThat(resolved.isWithin(box(RESOLVING))).isFalse();
        assertThat(resolved.toString()).isEqualTo(outside.resolve("passwd").toRealPath().toString());
        assertThat(resolved.suspicious()).as(resolved.problem()).isFalse();
    }

    @Test
    void aLinkToEtcReadsAsEtc() throws IOException {
        Path etc = Path.of("/etc");
        assumeTrue(Files.isDirectory(etc));
        link(sandbox.resolve("etclink"), etc);
        CanonicalPath p = RESOLVING.canonicalize(sandbox + "/etclink/passwd");
        assertThat(p.toString()).isEqualTo(etc.toRealPath().resolve("passwd").toString());
        assertThat(p.isWithin(box(RESOLVING))).isFalse();
        assertThat(PathGlob.compile("/etc/**").matches(p)).isEqualTo(etc.toRealPath().equals(etc));
    }

    @Test
    void relativePathsResolveThroughTheBase() {
        PathCanonicalizer c = RESOLVING.withBase(sandbox.toString());
        assertThat(c.canonicalize("link/passwd").isWithin(box(RESOLVING))).isFalse();
        assertThat(c.canonicalize("ok.txt").isWithin(box(RESOLVING))).isTrue();
        assertThat(c.canonicalize("new/file.txt").isWithin(box(RESOLVING))).isTrue();
    }

    @Test
    void theMissingTailIsAppendedToTheResolvedPrefix() throws IOException {
        CanonicalPath p = RESOLVING.canonicalize(sandbox + "/link/new/dir/file");
        assertThat(p.toString()).isEqualTo(outside.toRealPath().resolve("new/dir/file").toString());
        assertThat(p.suspicious()).isFalse();
    }

    @Test
    void aDanglingLinkIsFollowedBecauseWritingThroughItCreatesTheTarget() throws IOException {
        link(sandbox.resolve("out.txt"), outside.resolve("created-by-write"));
        CanonicalPath p = RESOLVING.canonicalize(sandbox + "/out.txt");
        assertThat(p.isWithin(box(RESOLVING))).isFalse();
        assertThat(p.suspicious()).isTrue();
        assertThat(p.problem()).contains("dangling");
    }

    @Test
    void dotDotAfterALinkIsAmbiguousAndFlagged() {
        // kernel: the parent of the link's target; a tool normalizing first: the sandbox itself
        CanonicalPath p = RESOLVING.canonicalize(sandbox + "/link/../ok.txt");
        assertThat(p.suspicious()).isTrue();
        assertThat(p.isWithin(box(RESOLVING))).isFalse();
    }

    @Test
    void linkLoopsDoNotThrow() {
        link(sandbox.resolve("a"), sandbox.resolve("b"));
        link(sandbox.resolve("b"), sandbox.resolve("a"));
        CanonicalPath p = RESOLVING.canonicalize(sandbox + "/a/x");
        assertThat(p).isNotNull();
        assertThat(p.suspicious()).isTrue();
    }

    @Test
    void plainPathsInsideStayInside() {
        assertThat(RESOLVING.canonicalize(sandbox + "/ok.txt").isWithin(box(RESOLVING))).isTrue();
        assertThat(RESOLVING.canonicalize(sandbox + "/docs/../ok.txt").isWithin(box(RESOLVING))).isTrue();
        assertThat(RESOLVING.canonicalize(sandbox + "/docs/../ok.txt").suspicious()).isFalse();
    }

    @Test
    void homeAndRelativePathsWithoutConfigurationAreLeftLexical() {
        assertThat(RESOLVING.canonicalize("link/passwd").toString()).isEqualTo("link/passwd");
        assertThat(RESOLVING.canonicalize("~/x").toString()).isEqualTo("~/x");
    }

    @Test
    void overlongPathsAreFlaggedNotWalked() {
        CanonicalPath p = RESOLVING.canonicalize("/" + "a/".repeat(3000));
        assertThat(p.suspicious()).isTrue();
        assertThat(p.segments()).hasSize(3000);
    }
}
