package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A line {@link ShellParser#readsAlike} lets through is read the same by bash and by dash, so reading it once
 * gives what both readings together gave.
 */
class ReadsAlikeTest {

    /** Wrappers, re-read scripts, keywords of both shells and of bash only, operators, and characters that part them. */
    private static final String[] PIECES = {"git", "status", "ls", "-la", "src", "grep", "java", "rm", "-rf", "/var/lib",
            "sudo", "-u", "root", "bash", "sh", "dash", "zsh", "-c", "eval", "env", "-S", "GIT_DIR=x", "A=1", "xargs",
            "find", ".", "-exec", "+", "watch", "ssh", "host", "su", "nice", "timeout", "5", "nohup", "command", "exec",
            "export", "if", "then", "else", "fi", "while", "do", "done", "for", "in", "case", "esac", ";;", "!", "time",
            "tim", "e", "select", "function", "func", "tion", "coproc", "#", "~", "*", "?", "%", "@", ":", "=", ",",
            " ", " ", " ", " ", "\t", "\n", " && ", " || ", " | ", "; ", " & ", "&", "|", ";", "(", ")", "{", "}", "[",
            "]", "[[", "<", ">", ">>", "&>", "|&", ";&", "<<<", "$", "$X", "`", "'", "\"", "\\", "\u00e9"};

    private static String randomLine(Random random) {
        StringBuilder b = new StringBuilder();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
            if (random.nextInt(3) > 0) {
                b.append(' ');
            }
        }
        return b.toString();
    }

    private static void readOnceAsBoth(String line) {
        ShellScript bash = ShellParser.parseAs(line, ShellDialect.BASH);
        assertThat(ShellParser.parseAs(line, ShellDialect.DASH)).as("dash reads <%s> as bash does", line).isEqualTo(bash);
        assertThat(ShellParser.parse(line)).as(line).isEqualTo(ShellParser.union(bash, ShellParser.parseAs(line, ShellDialect.DASH)));
    }

    @Test
    void randomLinesLetThroughReadTheSameInBothShells() {
        Random random = new Random(20261207);
        int through = 0;
        for (int i = 0; i < 30_000; i++) {
            String line = randomLine(random);
            if (ShellParser.readsAlike(line)) {
                readOnceAsBoth(line);
                through++;
            }
        }
        assertThat(through).as("enough random lines are read once").isGreaterThan(3_000);
    }

    @Test
    void corpusLinesLetThroughReadTheSameInBothShells() {
        List<String> lines = new ArrayList<>();
        Corpus.expectations("evasions.txt").forEach(l -> lines.add(l.input()));
        Corpus.inputs("lookalikes.txt").forEach(l -> lines.add(l.input()));
        Corpus.inputs("lookalikes-runtime.txt").forEach(l -> lines.add(l.input()));
        int through = 0;
        for (String line : lines) {
            if (ShellParser.readsAlike(line)) {
                readOnceAsBoth(line);
                through++;
            }
        }
        assertThat(through).as("some corpus lines are read once").isGreaterThan(10);
    }

    @Test
    void whatPartsTheShellsIsNeverLetThrough() {
        assertThat(ShellParser.readsAlike("git status && ls -la src | grep java")).isTrue();
        for (String line : new String[] {"a=(x)", "echo {a,b}", "cat <(ls)", "ls &> f", "ls |& cat", "cat <<< x",
                "echo $[1+1]", "x[$(id)]=1", "[[ -f x ]]", "function f", "select x", "coproc ls", "time ls",
                "eval 'ls'", "ls \\\n -l", "echo `id`", "echo \"x\"", "case x in a) ;& esac", "echo \u00e9", null}) {
            assertThat(ShellParser.readsAlike(line)).as(line).isFalse();
        }
    }
}
