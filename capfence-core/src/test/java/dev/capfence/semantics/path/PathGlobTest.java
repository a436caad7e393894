package dev.capfence.semantics.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobTest {

    private static boolean matches(String glob, String path) {
        return PathGlob.compile(glob).matches(PathCanonicalizer.lexical().canonicalize(path));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "**/.env|.env|true",
            "**/.env|config/.env|true",
            "**/.env|/srv/app/.env|true",
            "**/.env|~/.env|true",
            "**/.env|../../.env|true",
            "**/.env|/srv/app/.envrc|false",
            "**/.env|/srv/app/.env/x|false",
            "**/.env|/srv/app/dotenv|false",
            "**/.ssh/**|/home/u/.ssh/id_rsa|true",
            "**/.ssh/**|~/.ssh|true",
            "**/.ssh/**|/srv/app/docs/..ssh.md|false",
            "**/.ssh/**|/srv/app/ssh/x|false",
            "**/*.pem|x.pem|true",
            "**/*.pem|/a/b/c/server.pem|true",
            "**/*.pem|/a/.pem|true",
            "**/*.pem|/a/x.pem.txt|false",
            "/etc/**|/etc|true",
            "/etc/**|/etc/passwd|true",
            "/etc/**|/etc/ssh/sshd_config|true",
            "/etc/**|/srv/app/etc/passwd|false",
            "/etc/**|etc/passwd|false",
            "/etc/**|/etcx/passwd|false",
            "~/.aws/**|~/.aws/credentials|true",
            "~/.aws/**|/home/u/.aws/credentials|false",
            "~/**|~/../x|false",
            "~/*/x|~/../x|false",
            "../shared/**|../shared/a|true",
            "../shared/**|../../shared/a|false",
            "*.pem|x.pem|true",
            "*.pem|a/x.pem|false",
            "*.pem|/x.pem|false",
            "/srv/*/config|/srv/app/config|true",
            "/srv/*/config|/srv/a/b/config|false",
            "/srv/**/config|/srv/a/b/config|true",
            "/srv/**/config|/srv/config|true",
            "/a/**/b/**/c|/a/x/b/y/b/z/c|true",
            "/a/**/b/**/c|/a/x/b/y/c/z|false",
            "/a/?.txt|/a/b.txt|true",
            "/a/?.txt|/a/bc.txt|false",
            "/a/*x*y*|/a/1x2y3|true",
            "/a/*x*y*|/a/1y2x3|false",
            "**|/anything/at/all|true",
            "/srv/./app/../app/**|/srv/app/x|true",
    })
    void globRules(String glob, String path, boolean expected) {
        assertThat(matches(glob, path)).isEqualTo(expected);
    }

    @Test
    void caseSensitiveByDefaultAndFoldingOnRequest() {
        PathGlob env = PathGlob.compile("**/.env");
        CanonicalPath upper = PathCanonicalizer.lexical().canonicalize("/srv/app/.ENV");
        assertThat(env.matches(upper)).isFalse();
        assertThat(env.ignoringCase().matches(upper)).isTrue();
        assertThat(PathGlob.compile("**/*.PEM").ignoringCase()
                .matches(PathCanonicalizer.lexical().canonicalize("/a/key.pem"))).isTrue();
    }

    @Test
    void homeGlobsExpandWithTheSameHomeAsPaths() {
        PathCanonicalizer c = PathCanonicalizer.lexical().withHome("/home/u");
        PathGlob aws = PathGlob.compile("~/.aws/**", "/home/u");
        assertThat(aws.matches(c.canonicalize("~/.aws/credentials"))).isTrue();
        assertThat(aws.matches(c.canonicalize("/home/u/.aws/credentials"))).isTrue();
        assertThat(aws.matches(c.canonicalize("/home/v/.aws/credentials"))).isFalse();
    }

    @Test
    void nullPathMatchesNothing() {
        assertThat(PathGlob.compile("**").matches(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "/a/\u0000", "/a/%2e%2e/**"})
    void invalidGlobsAreRejected(String glob) {
        assertThatThrownBy(() -> PathGlob.compile(glob)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullGlobIsRejected() {
        assertThatThrownBy(() -> PathGlob.compile(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(20)
    void pathologicalPatternsStayLinearish() {
        String longSegment = "a".repeat(100_000);
        CanonicalPath p = PathCanonicalizer.lexical().canonicalize("/" + longSegment + "/" + "x/".repeat(50_000));
        assertThat(PathGlob.compile("/*a*a*a*a*a*a*a*a*b/**").matches(p)).isFalse();
        assertThat(PathGlob.compile("/**/a/**/a/**/a/**/b").matches(p)).isFalse();
        assertThat(PathGlob.compile("**/.ssh/**").matches(p)).isFalse();
        assertThat(PathGlob.compile("/**/x").matches(p)).isTrue();
    }

    @Test
    void toStringIsTheSource() {
        assertThat(PathGlob.compile("**/.env")).hasToString("**/.env");
    }
}
