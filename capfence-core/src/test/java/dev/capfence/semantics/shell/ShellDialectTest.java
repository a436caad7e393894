package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forms bash and dash read differently. Each expectation is what the real shells did on this kind of machine
 * (bash 5.2, dash 0.5.12), recorded with a sandboxed trace of every program they ran.
 */
class ShellDialectTest {

    private static List<String> programs(String line, ShellDialect dialect) {
        return ShellParser.parse(line, dialect).commands().stream().map(SimpleCommand::program).toList();
    }

    @Test
    void doubleParenthesesAreArithmeticInBashAndSubshellsInDash() {
        // dash ran rm -f notes/todo.txt; bash reported an arithmetic syntax error and ran nothing
        String line = "((rm -f notes/todo.txt))";
        assertThat(programs(line, ShellDialect.BASH)).isEmpty();
        assertThat(programs(line, ShellDialect.DASH)).containsExactly("rm");
        assertThat(programs(line, ShellDialect.POSIX)).containsExactly("rm");
    }

    @Test
    void doubleBracketsAreATestInBashAndACommandListInDash() {
        // dash ran `[[ x` (not found), then rm -f notes/todo.txt ]]
        String line = "[[ x || rm -f notes/todo.txt ]]";
        assertThat(programs(line, ShellDialect.BASH)).isEmpty();
        assertThat(programs(line, ShellDialect.DASH)).containsExactly("[[", "rm");
        ShellScript posix = ShellParser.parse(line, ShellDialect.POSIX);
        assertThat(posix.commands()).extracting(SimpleCommand::program).contains("rm");
    }

    @Test
    void aScriptForAnotherShellIsReadInThatShellsDialect() {
        // bash ran sh -c '((rm notes))' and dash -c '[[ || cp ]]': the inner dash ran rm notes and cp ]]
        assertThat(programs("sh -c '((rm notes))'", ShellDialect.BASH)).containsExactly("sh", "rm");
        assertThat(programs("dash -c '[[ || cp ]]'", ShellDialect.BASH)).containsExactly("dash", "[[", "cp");
        assertThat(programs("watch '((unlink orders.csv))'", ShellDialect.BASH)).contains("unlink");
        // what both readings of sh's script run is counted once
        assertThat(programs("sh -c 'ls -l'", ShellDialect.BASH)).containsExactly("sh", "ls");
        // and a bash script from dash is read as bash: arithmetic, nothing run
        assertThat(programs("bash -c '((x = 1))'", ShellDialect.DASH)).containsExactly("bash");
        assertThat(programs("bash -c '[[ x || rm -f notes/todo.txt ]]'", ShellDialect.DASH)).containsExactly("bash");
        // eval stays in the shell already running: bash reads arithmetic, dash runs rm
        assertThat(programs("eval '((rm notes))'", ShellDialect.BASH)).containsExactly("eval");
        assertThat(programs("eval '((rm notes))'", ShellDialect.DASH)).containsExactly("eval", "rm");
    }

    @Test
    void timeIsBashsKeywordOnlyAtThePipelinesStart() {
        // after | both shells ran /usr/bin/time: `true | time [[ ]]` ran time [[ ]], `true | time -p ls` ran ls
        assertThat(programs("true | time [[ ]]", ShellDialect.BASH)).containsExactly("true", "time", "[[");
        assertThat(programs("true | time -p ls", ShellDialect.BASH)).containsExactly("true", "time", "ls");
        // at the start bash times the [[ ]] test and runs nothing; dash runs time [[ ]]
        assertThat(programs("true && time [[ ]]", ShellDialect.BASH)).containsExactly("true");
        assertThat(programs("true && time [[ ]]", ShellDialect.DASH)).containsExactly("true", "time", "[[");
    }

    @Test
    void ampersandGreaterThanRedirectsInBashAndBackgroundsInDash() {
        // both created /tmp/y: bash with cat's output, dash empty, with cat in the background
        ShellScript bash = ShellParser.parse("cat notes/todo.txt &> /tmp/y", ShellDialect.BASH);
        ShellScript dash = ShellParser.parse("cat notes/todo.txt &> /tmp/y", ShellDialect.DASH);
        assertThat(bash.redirects()).containsExactly(
                new Redirection("&>", Redirection.Mode.WRITE, "/tmp/y", true));
        assertThat(dash.redirects()).containsExactly(
                new Redirection(">", Redirection.Mode.WRITE, "/tmp/y", true));
        assertThat(bash.commands().get(0).redirects()).hasSize(1);
        assertThat(dash.commands().get(0).redirects()).isEmpty(); // the redirection belongs to an empty command
        assertThat(ShellParser.parse("cat notes/todo.txt &> /tmp/y").redirects())
                .extracting(Redirection::target).containsOnly("/tmp/y");
    }

    @Test
    void bashOnlySyntaxIsASyntaxErrorInDash() {
        for (String line : List.of("a=(1 2); echo ok", "cat <(ls)", "cat <<< hi", "ls |& cat",
                "case x in x) echo 1 ;& y) echo 2 ;; esac")) {
            assertThat(ShellParser.parse(line, ShellDialect.BASH).unparseable()).as("bash: %s", line).isFalse();
            assertThat(ShellParser.parse(line, ShellDialect.DASH).unparseable()).as("dash: %s", line).isTrue();
            assertThat(ShellParser.parse(line, ShellDialect.POSIX).unparseable()).as("posix: %s", line).isTrue();
        }
    }

    @Test
    void braceExpansionOnlyInBash() {
        assertThat(ShellParser.parse("echo {a,b}", ShellDialect.BASH).commands().get(0).args())
                .containsExactly("a", "b");
        assertThat(ShellParser.parse("echo {a,b}", ShellDialect.DASH).commands().get(0).args())
                .containsExactly("{a,b}");
    }

    @Test
    void bashKeywordsAreCommandNamesInDash() {
        assertThat(programs("function f { ls; }", ShellDialect.BASH)).containsExactly("ls");
        assertThat(programs("time rm x", ShellDialect.DASH)).containsExactly("time", "rm");
        assertThat(programs("select x in a; do rm x; done", ShellDialect.BASH)).containsExactly("rm");
        assertThat(ShellParser.parse("select x in a; do rm x; done", ShellDialect.DASH).unparseable()).isTrue();
    }

    @Test
    void oldArithmeticRunsItsSubstitutionsInBash() {
        // bash ran id from inside $[ … ]
        assertThat(programs("echo $[ $(id) + 1 ]", ShellDialect.BASH)).containsExactly("id", "echo");
        assertThat(ShellParser.parse("echo $[ $(id) + 1 ]", ShellDialect.BASH).commands().get(1).hasUnknownArgs())
                .isTrue();
    }

    @Test
    void quotedArraySubscriptsThatRunCodeAreUnparseableInBash() {
        // bash ran id for: printf -v 'a[$(id)]' 1
        for (String line : List.of("printf -v 'a[$(id)]' 1", "read 'x[`id`]' < notes/todo.txt",
                "[[ -v 'a[$(id)]' ]]", "unset \"a[$(id)]\"", "declare -n r='a[$(id)]'")) {
            assertThat(ShellParser.parse(line, ShellDialect.BASH).unparseable()).as(line).isTrue();
            assertThat(ShellParser.parse(line).unparseable()).as(line).isTrue();
        }
        assertThat(ShellParser.parse("echo 'a[1]'", ShellDialect.BASH).unparseable()).isFalse();
    }

    @Test
    void hereDocumentsThatNeverEndAreUnparseable() {
        // both shells ran cat with the rest of the line as input, bash with a warning
        for (ShellDialect d : ShellDialect.values()) {
            assertThat(ShellParser.parse("cat <<EOF\nhi", d).unparseable()).as("%s", d).isTrue();
            assertThat(ShellParser.parse("cat <<EOF", d).unparseable()).as("%s", d).isTrue();
            assertThat(ShellParser.parse("cat <<EOF\nhi\nEOF\n", d).unparseable()).as("%s", d).isFalse();
        }
    }

    @Test
    void zshExpansionsAreUnparseable() {
        for (String line : List.of("=rm -rf x", "ls *(e:'rm x':)", "echo $~x", "echo ${=x}")) {
            assertThat(ShellParser.parse(line, ShellDialect.ZSH).unparseable()).as(line).isTrue();
        }
        assertThat(ShellParser.parse("a=b ls -la", ShellDialect.ZSH).unparseable()).isFalse();
        assertThat(ShellParser.parse("echo 'x=(1)'", ShellDialect.ZSH).unparseable()).isFalse();
    }

    @Test
    void dialectNames() {
        assertThat(ShellDialect.named("sh")).isEqualTo(ShellDialect.POSIX);
        assertThat(ShellDialect.named(" Bash ")).isEqualTo(ShellDialect.BASH);
        assertThat(ShellDialect.named("fish")).isNull();
    }
}
