package dev.capfence.semantics.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.semantics.path.CanonicalPath.Root;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathCanonicalizerTest {

    private static final PathCanonicalizer LEXICAL = PathCanonicalizer.lexical();
    private static final PathCanonicalizer CONFIGURED = LEXICAL.withHome("/home/u").withBase("/srv/app");

    private static CanonicalPath lex(String raw) {
        return LEXICAL.canonicalize(raw);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/a/b|/a/b",
            "/a/./b/|/a/b",
            "//a///b//|/a/b",
            "/a/b/../c|/a/c",
            "/../../a|/a",
            "/..|/",
            "/|/",
            "a/b/../../c|c",
            "a/../..|..",
            "../a/../b|../b",
            "./a|a",
            ".|.",
            "a/b/..|a",
            "~|~",
            "~/|~",
            "~/a/../b|~/b",
            "~/..|~/..",
            "a\\b\\..\\c|a/c",
            "..\\..\\etc\\passwd|../../etc/passwd",
    })
    void lexicalRules(String raw, String expected) {
        CanonicalPath p = lex(raw);
        assertThat(p.toString()).isEqualTo(expected);
        assertThat(p.suspicious()).as(p.problem()).isFalse();
    }

    @Test
    void rootsAreKept() {
        assertThat(lex("/x").root()).isEqualTo(Root.ABSOLUTE);
        assertThat(lex("~/x").root()).isEqualTo(Root.HOME);
        assertThat(lex("x").root()).isEqualTo(Root.RELATIVE);
        assertThat(lex("~/x").isWithin(lex("/x"))).isFalse();
        assertThat(lex("x").isWithin(lex("/x"))).isFalse();
    }

    @Test
    void escapingPathsAreInsideNothing() {
        assertThat(lex("../x").escapes()).isTrue();
        assertThat(lex("~/../x").escapes()).isTrue();
        assertThat(lex("/../x").escapes()).isFalse();
        assertThat(lex("../x").isWithin(lex("."))).isFalse();
        assertThat(lex("a/../../x").isWithin(lex("."))).isFalse();
        assertThat(lex("a/x").isWithin(lex("."))).isTrue();
    }

    @Test
    void containmentIsSegmentWise() {
        CanonicalPath app = lex("/srv/app");
        assertThat(lex("/srv/app").isWithin(app)).isTrue();
        assertThat(lex("/srv/app/x/y").isWithin(app)).isTrue();
        assertThat(lex("/srv/appx/y").isWithin(app)).isFalse();
        assertThat(lex("/srv/ap").isWithin(app)).isFalse();
        assertThat(lex("/srv/app/../appx").isWithin(app)).isFalse();
        assertThat(lex("/SRV/APP/x").isWithin(app)).isFalse();
        assertThat(lex("/SRV/APP/x").isWithin(app, true)).isTrue();
        assertThat(lex("/srv/app/x").isWithin(null)).isFalse();
    }

    @Test
    void homeExpandsWhenConfigured() {
        assertThat(CONFIGURED.canonicalize("~/.ssh/id_rsa").toString()).isEqualTo("/home/u/.ssh/id_rsa");
        assertThat(CONFIGURED.canonicalize("~").toString()).isEqualTo("/home/u");
        assertThat(CONFIGURED.canonicalize("~/../../etc").toString()).isEqualTo("/etc");
        assertThat(lex("~/.ssh/id_rsa").toString()).isEqualTo("~/.ssh/id_rsa");
    }

    @Test
    void otherUsersHomeIsFlaggedAndReadAsASibling() {
        CanonicalPath p = lex("~root/.ssh/authorized_keys");
        assertThat(p.suspicious()).isTrue();
        assertThat(p.problem()).contains("~user");
        assertThat(p.root()).isEqualTo(Root.HOME);
        assertThat(p.escapes()).isTrue();
        assertThat(p.toString()).isEqualTo("~/../root/.ssh/authorized_keys");
        assertThat(CONFIGURED.canonicalize("~root/.ssh").toString()).isEqualTo("/home/root/.ssh");
    }

    @Test
    void relativePathsResolveAgainstTheBase() {
        assertThat(CONFIGURED.canonicalize("src/Main.java").toString()).isEqualTo("/srv/app/src/Main.java");
        assertThat(CONFIGURED.canonicalize("..\\..\\etc\\passwd").toString()).isEqualTo("/etc/passwd");
        assertThat(CONFIGURED.canonicalize("").toString()).isEqualTo("/srv/app");
        assertThat(CONFIGURED.canonicalize("/etc/x").toString()).isEqualTo("/etc/x");
        assertThat(LEXICAL.withHome("/home/u").withBase("~/proj").canonicalize("x").toString())
                .isEqualTo("/home/u/proj/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "~/x", "/a/\u0000", ""})
    void homeAndBaseMustBeCleanAndAbsolute(String dir) {
        assertThatThrownBy(() -> LEXICAL.withHome(dir)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LEXICAL.withBase(dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullForgetsHomeAndBase() {
        assertThat(CONFIGURED.withHome(null).withBase(null).canonicalize("~/x").toString()).isEqualTo("~/x");
    }

    @Test
    void fullWidthAndOtherCompatibilityFormsAreNormalizedAndFlagged() {
        CanonicalPath p = lex("／ｅｔｃ／ｐａｓｓｗｄ");
        assertThat(p.toString()).isEqualTo("/etc/passwd");
        assertThat(p.suspicious()).isTrue();
        assertThat(lex("/srv/app/．．/．．/etc").toString()).isEqualTo("/etc");
        assertThat(lex("/srv/app/\u2025/x").toString()).isEqualTo("/srv/x"); // two dot leader
        // NFKC that creates no path syntax is harmless
        CanonicalPath letters = lex("/srv/app/ｒｅａｄｍｅ.md");
        assertThat(letters.toString()).isEqualTo("/srv/app/readme.md");
        assertThat(letters.suspicious()).isFalse();
        assertThat(lex("/srv/app/café.md").suspicious()).isFalse();
    }

    @Test
    void slashLookalikesAndInvisibleCharactersAreFlagged() {
        assertThat(lex("/srv/app/\u2215..\u2215etc").suspicious()).isTrue();
        CanonicalPath zw = lex("/srv/app/.e\u200Bnv");
        assertThat(zw.suspicious()).isTrue();
        assertThat(zw.toString()).isEqualTo("/srv/app/.env"); // removed, so a deny glob still sees .env
        assertThat(lex("/srv/app/\u202Etxt.exe").suspicious()).isTrue();
    }

    @Test
    void controlCharactersAreFlaggedAndNulDoesNotTruncate() {
        CanonicalPath p = lex("/srv/app/ok.txt\u0000/../../etc/passwd");
        assertThat(p.suspicious()).isTrue();
        assertThat(p.problem()).contains("U+0000");
        assertThat(p.isWithin(lex("/srv/app"))).isFalse();
        assertThat(lex("/srv/app/a\nb").suspicious()).isTrue();
        assertThat(lex("/srv/app/a\u0085b").suspicious()).isTrue();
        assertThat(lex("/srv/app/a\u2028b").suspicious()).isTrue();
    }

    @Test
    void whitespaceAtTheEndsIsStrippedAndFlagged() {
        CanonicalPath p = lex(" /etc/passwd ");
        assertThat(p.toString()).isEqualTo("/etc/passwd");
        assertThat(p.suspicious()).isTrue();
        assertThat(lex("/srv/app/a b.txt").suspicious()).isFalse();
    }

    @Test
    void nullAndEmptyAreSuspicious() {
        assertThat(lex(null).suspicious()).isTrue();
        assertThat(lex("").suspicious()).isTrue();
        assertThat(lex("   ").suspicious()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/app/%2e%2e/etc", "/srv/app/%2E%2E/x", "/srv/app/..%2fetc", "/srv/app/..%5cetc",
            "/srv/app/%00", "/srv/app/%252e%252e/x", "/srv/app/%c0%ae%c0%ae/x", "/srv/app/%u002e%u002e/x"})
    void encodedPathSyntaxIsFlaggedButNotDecoded(String raw) {
        CanonicalPath p = lex(raw);
        assertThat(p.suspicious()).as(raw).isTrue();
        assertThat(p.segments().get(2)).as(raw).contains("%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/app/100%.txt", "/srv/app/a%20b", "/srv/app/%41", "/srv/app/%", "/srv/app/%zz"})
    void harmlessPercentIsLeftAlone(String raw) {
        assertThat(lex(raw).suspicious()).as(raw).isFalse();
    }

    @Test
    void fileUrlsBecomePaths() {
        assertThat(lex("file:///etc/passwd").toString()).isEqualTo("/etc/passwd");
        assertThat(lex("FILE://localhost/etc/shadow").toString()).isEqualTo("/etc/shadow");
        assertThat(lex("file:/etc/hosts").toString()).isEqualTo("/etc/hosts");
        assertThat(lex("file:etc/hosts").toString()).isEqualTo("/etc/hosts");
        assertThat(lex("file:///srv/app/%2e%2e/%2e%2e/etc/passwd").toString()).isEqualTo("/etc/passwd");
        assertThat(lex("file:///srv/app/a%20b").toString()).isEqualTo("/srv/app/a b");
        assertThat(lex("file:///C:/Windows/win.ini").toString()).isEqualTo("/c:/Windows/win.ini");
        assertThat(lex("file:///etc/passwd").suspicious()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file://evil.test/srv/app/x", "file:///srv/app/x#/../../etc", "file:///srv/app/x?y",
            "file:///srv/app/%252e%252e/x", "file:///srv/app/%00x", "file:///srv/app/%ff"})
    void fileUrlsReadersDisagreeOnAreFlagged(String raw) {
        assertThat(lex(raw).suspicious()).as(raw).isTrue();
    }

    @Test
    void windowsDrivesAreAbsoluteWithADriveSegment() {
        CanonicalPath p = lex("C:\\Windows\\System32");
        assertThat(p.root()).isEqualTo(Root.ABSOLUTE);
        assertThat(p.segments()).containsExactly("c:", "Windows", "System32");
        assertThat(p.suspicious()).isFalse();
        assertThat(lex("c:/x/../../..").segments()).containsExactly("c:"); // .. stops at the drive
        assertThat(lex("C:x").suspicious()).isTrue();
        assertThat(lex("C:").suspicious()).isTrue();
        assertThat(lex("\\\\server\\share\\x").suspicious()).isTrue();
        assertThat(lex("\\\\?\\C:\\x").suspicious()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/app/.env.", "/srv/app/.env ", "/srv/app/...", "/srv/app/. ./x",
            "/srv/app/.env::$DATA", "/srv/app/.ssh./id_rsa"})
    void namesWindowsReadsAsOtherNamesAreFlagged(String raw) {
        assertThat(lex(raw).suspicious()).as(raw).isTrue();
    }

    @Test
    void relativeResultsThatWouldReadDifferentlyAreFlagged() {
        assertThat(lex("./~root/x").suspicious()).isTrue();
        assertThat(lex("./c:/x").suspicious()).isTrue();
        assertThat(lex("./file:/x").suspicious()).isTrue();
        assertThat(lex("a/../~x").suspicious()).isTrue();
        assertThat(lex("a/~x").suspicious()).isFalse();
    }

    @Test
    void segmentsAreImmutableAndToStringRoundTrips() {
        CanonicalPath p = lex("/a/b");
        assertThatThrownBy(() -> p.segments().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new CanonicalPath(Root.RELATIVE, List.of(), false, null).toString()).isEqualTo(".");
        assertThat(lex(lex("~/x/../y").toString())).isEqualTo(lex("~/y"));
    }

    @Test
    void theRecordRejectsAProblemWithoutTheFlag() {
        assertThatThrownBy(() -> new CanonicalPath(Root.RELATIVE, List.of(), false, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalPath(Root.RELATIVE, List.of(), true, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
