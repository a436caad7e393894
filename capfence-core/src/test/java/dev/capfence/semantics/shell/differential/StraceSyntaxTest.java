package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StraceSyntaxTest {

    @Test
    void splitsArgumentsOutsideStringsAndBrackets() {
        StraceSyntax.Call call = StraceSyntax.call(
                "execve(\"/bin/sh\", [\"sh\", \"-c\", \"a, (b) [c]\"], [\"X=1\"]) = 0");
        assertThat(call.name()).isEqualTo("execve");
        assertThat(call.args()).hasSize(3);
        assertThat(StraceSyntax.strings(call.args().get(1))).containsExactly("sh", "-c", "a, (b) [c]");
        assertThat(call.result()).isEqualTo("0");
    }

    @Test
    void decodesCEscapesAsUtf8Bytes() {
        assertThat(StraceSyntax.string("\"a\\\"b\\\\c\\n\\t\\303\\274\\1\\x41\"")).isEqualTo("a\"b\\c\n\tü\u0001A");
        assertThat(StraceSyntax.string("\"abc\"...")).isEqualTo("abc");
        assertThat(StraceSyntax.string("NULL")).isNull();
    }

    @Test
    void readsDecoratedPathsWhoseAngleBracketsAreEscaped() {
        StraceSyntax.Call call = StraceSyntax.call("openat(AT_FDCWD</r/d\\0741\\76,)>, \"x\\76y,z)\", "
                + "O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</r/d\\0741\\76,)/x\\76y,z)>");
        assertThat(call.args()).hasSize(4);
        assertThat(call.args().get(2)).isEqualTo("O_WRONLY|O_CREAT|O_TRUNC");
        assertThat(StraceSyntax.decoratedPath(call.result())).isEqualTo("/r/d<1>,)/x>y,z)");
        assertThat(StraceSyntax.decoratedPath(call.args().get(0))).isEqualTo("/r/d<1>,)");
    }

    @Test
    void anUnfinishedCallIsNoCall() {
        assertThat(StraceSyntax.call("vfork( <unfinished ...>")).isNull();
        assertThat(StraceSyntax.call("+++ exited with 0 +++")).isNull();
    }

    @Test
    void openFlagsGiveTheMode() {
        assertThat(OpenMode.ofFlags("O_RDONLY|O_CLOEXEC")).isEqualTo(OpenMode.READ);
        assertThat(OpenMode.ofFlags("O_WRONLY|O_CREAT|O_TRUNC")).isEqualTo(OpenMode.WRITE_TRUNCATE);
        assertThat(OpenMode.ofFlags("O_WRONLY|O_CREAT|O_APPEND")).isEqualTo(OpenMode.WRITE_APPEND);
        assertThat(OpenMode.ofFlags("O_RDWR|O_APPEND")).isEqualTo(OpenMode.WRITE_APPEND);
        assertThat(OpenMode.ofFlags("O_WRONLY|O_CREAT")).isEqualTo(OpenMode.WRITE);
        assertThat(OpenMode.ofFlags("O_RDWR|O_CREAT")).isEqualTo(OpenMode.READ_WRITE);
    }
}
