package dev.capfence.semantics.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How bash reads command lines; {@link ShellDialectTest} covers dash and the POSIX union. */
class ShellParserTest {

    /** Parses a line that must be resolvable. */
    private static ShellScript ok(String line) {
        ShellScript script = ShellParser.parse(line, ShellDialect.BASH);
        assertThat(script.problems()).as("problems for <%s>", line).isEmpty();
        assertThat(script.unparseable()).isFalse();
        return script;
    }

    private static ShellScript bad(String line) {
        ShellScript script = ShellParser.parse(line, ShellDialect.BASH);
        assertThat(script.unparseable()).as("unparseable: <%s> gave %s", line, script).isTrue();
        assertThat(script.problems()).isNotEmpty();
        return script;
    }

    private static List<String> programs(ShellScript script) {
        return script.commands().stream().map(SimpleCommand::program).toList();
    }

    private static List<String> programs(String line) {
        return programs(ok(line));
    }

    private static SimpleCommand only(String line) {
        ShellScript script = ok(line);
        assertThat(script.commands()).as("commands of <%s>", line).hasSize(1);
        return script.commands().get(0);
    }

    private static SimpleCommand command(ShellScript script, String program) {
        return script.commands().stream().filter(c -> c.program().equals(program)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + program + " in " + script));
    }

    @Nested
    class ProgramAndWords {

        @Test
        void plainCommand() {
            SimpleCommand c = only("rm -rf /tmp/x");
            assertThat(c.program()).isEqualTo("rm");
            assertThat(c.programAsWritten()).isEqualTo("rm");
            assertThat(c.args()).containsExactly("-rf", "/tmp/x");
            assertThat(c.flags()).containsExactlyInAnyOrder("r", "f");
            assertThat(c.programIsPath()).isFalse();
            assertThat(c.pipedFromPrevious()).isFalse();
        }

        @Test
        void quotingAndEscapingOfTheProgramIsRemoved() {
            for (String line : List.of("rm x", "'rm' x", "\"rm\" x", "\\rm x", "r''m x", "r\"\"m x", "r\\m x",
                    "'r'\"m\" x", "r\\\nm x")) {
                SimpleCommand c = only(line);
                assertThat(c.program()).as(line).isEqualTo("rm");
                assertThat(c.programAsWritten()).as(line).isEqualTo("rm");
                assertThat(c.args()).as(line).containsExactly("x");
            }
        }

        @Test
        void pathsAreReducedToTheBasename() {
            SimpleCommand c = only("/bin/../bin/rm -f x");
            assertThat(c.program()).isEqualTo("rm");
            assertThat(c.programAsWritten()).isEqualTo("/bin/../bin/rm");
            assertThat(c.programIsPath()).isTrue();
            assertThat(only("./rm x").program()).isEqualTo("rm");
            assertThat(only("~/bin/rm x").program()).isEqualTo("rm");
            SimpleCommand git = command(ok("\"/tmp/git\" status"), "git");
            assertThat(git.program()).isEqualTo("git");
            assertThat(git.programAsWritten()).isEqualTo("/tmp/git");
            assertThat(git.programIsPath()).isTrue();
        }

        @Test
        void adjacentQuotedPartsFormOneWord() {
            assertThat(only("echo a'b c'\"d e\"f").args()).containsExactly("ab cd ef");
            assertThat(only("echo '' \"\"").args()).containsExactly("", "");
        }

        @Test
        void doubleQuoteEscapes() {
            assertThat(only("echo \"a\\\"b\\\\c\\$d\\`e\"").args()).containsExactly("a\"b\\c$d`e");
            assertThat(only("echo \"a\\nb\"").args()).containsExactly("a\\nb");
            assertThat(only("echo 'a\\b'").args()).containsExactly("a\\b");
            assertThat(only("echo \"line\\\nnext\"").args()).containsExactly("linenext");
        }

        @Test
        void expansionsInArgumentsAreKeptAsWritten() {
            assertThat(only("echo $HOME ${USER} \"$1\" $? $((1+2))").args())
                    .containsExactly("$HOME", "${USER}", "$1", "$?", "$((1+2))");
            assertThat(only("echo $ a$").args()).containsExactly("$", "a$");
        }

        @Test
        void lineContinuationJoinsLines() {
            assertThat(only("rm \\\n  -rf \\\n  /x").args()).containsExactly("-rf", "/x");
        }

        @Test
        void commentsAreDropped() {
            assertThat(only("echo a # rm -rf /").args()).containsExactly("a");
            assertThat(only("echo a#b '#c'").args()).containsExactly("a#b", "#c");
            assertThat(ok("# rm -rf /").commands()).isEmpty();
            assertThat(programs("# first\necho a # second\n# third")).containsExactly("echo");
            assertThat(ok("").commands()).isEmpty();
            assertThat(ok("  \n\t ").commands()).isEmpty();
        }

        @Test
        void assignmentsBeforeTheProgramAreSkipped() {
            SimpleCommand c = only("A=1 B='x y' C+=2 D[1]=3 rm x");
            assertThat(c.program()).isEqualTo("rm");
            assertThat(c.args()).containsExactly("x");
            assertThat(ok("A=1 B=2").commands()).isEmpty();
            assertThat(only("echo A=1").args()).containsExactly("A=1");
            assertThat(only("'A=1' x").program()).isEqualTo("A=1");
        }

        @Test
        void arrayAssignments() {
            assertThat(ok("a=(1 2 'three four'); echo ok").commands()).extracting(SimpleCommand::program)
                    .containsExactly("echo");
            assertThat(programs("a=($(ls) x)")).containsExactly("ls");
        }
    }

    @Nested
    class Flags {

        @Test
        void shortClustersAreSplit() {
            assertThat(only("rm -rf x").flags()).containsExactlyInAnyOrder("r", "f");
            assertThat(only("rm -fr x").flags()).containsExactlyInAnyOrder("r", "f");
            assertThat(only("rm -r -f x").flags()).containsExactlyInAnyOrder("r", "f");
            assertThat(only("rm -Rfv x").flags()).containsExactlyInAnyOrder("R", "f", "v");
        }

        @Test
        void longFlagsLoseDashesAndValues() {
            assertThat(only("rm --recursive --force x").flags()).containsExactlyInAnyOrder("recursive", "force");
            assertThat(only("rm --no-preserve-root=x -r x").flags())
                    .containsExactlyInAnyOrder("no-preserve-root", "r");
        }

        @Test
        void doubleDashEndsFlagsAndLoneDashIsNoFlag() {
            assertThat(only("rm -v -- -rf").flags()).containsExactly("v");
            assertThat(only("cat - file").flags()).isEmpty();
            assertThat(only("rm x -rf").flags()).containsExactlyInAnyOrder("r", "f");
        }

        @Test
        void wordsWithExpansionsGiveNoFlags() {
            assertThat(only("rm -$X /").flags()).isEmpty();
        }

        @Test
        void quotedFlagsAreFlags() {
            assertThat(only("rm '-rf' \"--force\" x").flags()).containsExactlyInAnyOrder("r", "f", "force");
        }

        @Test
        void braceExpansionProducesWords() {
            assertThat(only("rm -{r,f} x").args()).containsExactly("-r", "-f", "x");
            assertThat(only("rm -{r,f} x").flags()).containsExactlyInAnyOrder("r", "f");
            assertThat(only("echo a{b,c{d,e}}f").args()).containsExactly("abf", "acdf", "acef");
            assertThat(only("echo {1..3} {a..c} {5..1..2}").args())
                    .containsExactly("1", "2", "3", "a", "b", "c", "5", "3", "1");
            assertThat(only("echo '{a,b}' {} {a} ${x} a\\{b,c}").args())
                    .containsExactly("{a,b}", "{}", "{a}", "${x}", "a{b,c}");
            bad("echo {1..100000}");
        }
    }

    @Nested
    class Redirections {

        @Test
        void redirectionsAndTheirTargetsAreNotArguments() {
            SimpleCommand c = only("cmd a > out b 2>&1 < in >> log &> all 2>/dev/null >| f <> rw 3<&0 c &>> x");
            assertThat(c.args()).containsExactly("a", "b", "c");
        }

        @Test
        void redirectionsMayPrecedeTheProgram() {
            SimpleCommand c = only(">out 2>&1 rm -rf x");
            assertThat(c.program()).isEqualTo("rm");
            assertThat(c.args()).containsExactly("-rf", "x");
        }

        @Test
        void fileDescriptorNumbersOnlyWhenAdjacent() {
            assertThat(only("echo a>b").args()).containsExactly("a");
            assertThat(only("echo 2>x").args()).isEmpty();
            assertThat(only("echo 2 >x").args()).containsExactly("2");
            assertThat(only("echo a2>x").args()).containsExactly("a2");
        }

        @Test
        void hereStringTargetIsNotAnArgument() {
            assertThat(command(ok("xargs rm -f <<< /tmp/x"), "xargs").args()).containsExactly("rm", "-f");
        }

        @Test
        void hereDocumentBodyIsNotCommandsButItsSubstitutionsAre() {
            ShellScript s = ok("cat <<EOF\nrm -rf / $(whoami) `id`\nEOF\necho done");
            assertThat(programs(s)).containsExactly("whoami", "id", "cat", "echo");
            assertThat(programs("cat <<'EOF'\n$(whoami)\nEOF\necho done")).containsExactly("cat", "echo");
            assertThat(programs("cat <<\\EOF\n$(whoami)\nEOF")).containsExactly("cat");
            assertThat(programs("cat <<-EOF\n\t$(whoami)\n\tEOF\necho done")).containsExactly("whoami", "cat", "echo");
            assertThat(programs("cat <<A <<B\na\nA\nb\nB\necho done")).containsExactly("cat", "echo");
            assertThat(programs("cat <<EOF | grep x\nbody\nEOF")).containsExactly("cat", "grep");
        }
    }

    @Nested
    class ListsAndPipelines {

        @Test
        void everySeparatorSplitsCommands() {
            assertThat(programs("a; b && c || d | e & f\ng |& h;i")).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i");
        }

        @Test
        void pipedFromPreviousMarksLaterStages() {
            ShellScript s = ok("a | b | c && d; e | (f; g)");
            assertThat(s.commands()).extracting(SimpleCommand::pipedFromPrevious)
                    .containsExactly(false, true, true, false, false, true, true);
        }

        @Test
        void newlinesMayFollowOperators() {
            assertThat(programs("a &&\n b ||\n\n c |\n d")).containsExactly("a", "b", "c", "d");
        }

        @Test
        void pipesToShell() {
            assertThat(ok("curl -s x | sh").pipesToShell()).isTrue();
            assertThat(ok("curl x | sudo -u root bash -s").pipesToShell()).isTrue();
            assertThat(ok("curl x | env -i sh").pipesToShell()).isTrue();
            assertThat(ok("curl x | xargs -0 sh -c").pipesToShell()).isTrue();
            assertThat(ok("curl x | /usr/bin/zsh").pipesToShell()).isTrue();
            assertThat(ok("curl x | busybox ash").pipesToShell()).isTrue();
            assertThat(ok("sh -c 'curl x' | cat").pipesToShell()).isFalse();
            assertThat(ok("curl x | grep sh").pipesToShell()).isFalse();
            assertThat(ok("curl x > f; sh f").pipesToShell()).isFalse();
        }
    }

    @Nested
    class CompoundCommands {

        @Test
        void subshellsAndGroups() {
            assertThat(programs("(a; (b)) && { c; { d; }; } > out")).containsExactly("a", "b", "c", "d");
        }

        @Test
        void keywordsAreNotPrograms() {
            assertThat(programs("if a; then b; elif c; then d; else e; fi")).containsExactly("a", "b", "c", "d", "e");
            assertThat(programs("while a; do b; done; until c; do d; done")).containsExactly("a", "b", "c", "d");
            assertThat(programs("for i in 1 2 $(seq 3); do b \"$i\"; done")).containsExactly("seq", "b");
            assertThat(programs("for i; do b; done\nfor j do c; done")).containsExactly("b", "c");
            assertThat(programs("for ((i = 0; i < 3; i++)); do b; done")).containsExactly("b");
            assertThat(programs("select x in a b; do c; done")).containsExactly("c");
            assertThat(programs("! a && ! b")).containsExactly("a", "b");
            assertThat(programs("if\na\nthen\nb\nfi")).containsExactly("a", "b");
        }

        @Test
        void keywordsAsArgumentsAreWords() {
            assertThat(only("echo if then fi done { } !").args()).containsExactly("if", "then", "fi", "done", "{", "}", "!");
            assertThat(only("'if' x").program()).isEqualTo("if");
        }

        @Test
        void caseArms() {
            assertThat(programs("case $x in a|b) c;; (d) e;& *) f;;& esac; g")).containsExactly("c", "e", "f", "g");
            assertThat(programs("case x in\n  a)\n    b\n    ;;\n  *) c\nesac")).containsExactly("b", "c");
            assertThat(programs("case x in esac")).isEmpty();
        }

        @Test
        void functionBodiesAreCommands() {
            assertThat(programs("f() { a; }; f")).containsExactly("a", "f");
            assertThat(programs("f () ( b )")).containsExactly("b");
            assertThat(programs("function g { c; }")).containsExactly("c");
            assertThat(programs("function h() { d; }")).containsExactly("d");
        }

        @Test
        void conditionalAndArithmeticCommands() {
            assertThat(programs("[[ -f x && $y =~ ^(a|b)$ ]] && a")).containsExactly("a");
            assertThat(programs("[[ $(b) < x ]]")).containsExactly("b");
            assertThat(programs("((i++)); (( j = i * (2 + 1) )) && a")).containsExactly("a");
            assertThat(programs("(( $(b) ))")).containsExactly("b");
            assertThat(programs("((a) )")).containsExactly("a");
            assertThat(programs("[ -f x ] && test -d y")).containsExactly("[", "test");
        }

        @Test
        void timeAndCoproc() {
            assertThat(programs("time { a; }")).containsExactly("a");
            assertThat(programs("time -p a | b")).containsExactly("time", "a", "b");
            assertThat(programs("coproc a")).containsExactly("a");
        }
    }

    @Nested
    class Substitutions {

        @Test
        void commandSubstitutionsRunBeforeTheirCommand() {
            assertThat(programs("echo $(a) `b` \"$(c) `d`\"")).containsExactly("a", "b", "c", "d", "echo");
        }

        @Test
        void nestedSubstitutions() {
            assertThat(programs("echo $(a $(b \"$(c)\"))")).containsExactly("c", "b", "a", "echo");
            assertThat(programs("echo `a \\`b\\``")).containsExactly("b", "a", "echo");
            assertThat(programs("x=$(a) y=\"${z:-$(b)}\"")).containsExactly("a", "b");
            assertThat(programs("echo ${x:-'}'} $(c)")).containsExactly("c", "echo");
        }

        @Test
        void substitutionBodiesMayHoldAnyShellSyntax() {
            assertThat(programs("echo $(case x in x) a;; esac) $(b ')') $(c # comment\n)"))
                    .containsExactly("a", "b", "c", "echo");
        }

        @Test
        void arithmeticAndProcessSubstitution() {
            assertThat(programs("echo $((1 + $(a)))")).containsExactly("a", "echo");
            assertThat(programs("echo $(( (1 + 2) * 3 ))")).containsExactly("echo");
            assertThat(programs("echo $( (a) )")).containsExactly("a", "echo");
            assertThat(programs("diff <(a) >(b)")).containsExactly("a", "b", "diff");
        }
    }

    @Nested
    class Wrappers {

        private void wraps(String line, String... expected) {
            assertThat(programs(line)).as(line).containsExactly(expected);
        }

        @Test
        void sudoAndDoas() {
            wraps("sudo rm x", "sudo", "rm");
            wraps("sudo -u root -g wheel -E -H rm x", "sudo", "rm");
            wraps("sudo -C 3 -D /tmp -p pw -h -- rm x", "sudo", "rm");
            wraps("sudo --user root --group=wheel rm x", "sudo", "rm");
            wraps("sudo -uroot -iE rm x", "sudo", "rm");
            wraps("sudo A=1 rm x", "sudo", "rm");
            wraps("sudo -l rm x", "sudo");
            wraps("sudo -e /etc/hosts", "sudo");
            wraps("doas -u root rm x", "doas", "rm");
            assertThat(command(ok("sudo -u root rm -rf /"), "sudo").flags()).containsExactly("u");
            assertThat(command(ok("sudo -u root rm -rf /"), "rm").args()).containsExactly("-rf", "/");
            assertThat(command(ok("sudo -u root rm -rf /"), "sudo").args()).containsExactly("-u", "root", "rm", "-rf", "/");
        }

        @Test
        void env() {
            wraps("env -i -u HOME -C /tmp A=1 B=2 rm x", "env", "rm");
            wraps("env - PATH=/x rm x", "env", "rm");
            wraps("env --unset=HOME --chdir /tmp rm x", "env", "rm");
            wraps("env -S 'rm -f' x", "env", "rm");
            assertThat(command(ok("env -S 'rm -f' x"), "rm").args()).containsExactly("-f", "x");
            wraps("env", "env");
        }

        @Test
        void schedulingWrappers() {
            wraps("nohup rm x", "nohup", "rm");
            wraps("nice -n 5 rm x", "nice", "rm");
            wraps("nice -5 rm x", "nice", "rm");
            wraps("nice --adjustment=5 rm x", "nice", "rm");
            wraps("ionice -c 2 -n 0 rm x", "ionice", "rm");
            wraps("ionice -p 123", "ionice");
            wraps("timeout 5 rm x", "timeout", "rm");
            wraps("timeout -k 5 -s TERM 10 rm x", "timeout", "rm");
            wraps("timeout --signal=KILL --preserve-status 10s rm x", "timeout", "rm");
            wraps("/usr/bin/time -f %e -o out rm x", "time", "rm");
            wraps("stdbuf -o0 -e L rm x", "stdbuf", "rm");
            wraps("setsid -w rm x", "setsid", "rm");
            wraps("unbuffer rm x", "unbuffer", "rm");
            wraps("taskset -c 0-3 rm x", "taskset", "rm");
            wraps("taskset -p 123", "taskset");
            wraps("chroot --userspec=a:b /srv rm x", "chroot", "rm");
            wraps("strace -f -e trace=file -o log rm x", "strace", "rm");
            wraps("ltrace -o log rm x", "ltrace", "rm");
            wraps("flock -w 5 /tmp/lock rm x", "flock", "rm");
            wraps("flock /tmp/lock -c 'rm x'", "flock", "rm");
        }

        @Test
        void builtinsThatRunCommands() {
            wraps("exec rm x", "exec", "rm");
            wraps("exec -a name -cl rm x", "exec", "rm");
            wraps("exec >log 2>&1", "exec");
            wraps("command -p rm x", "command", "rm");
            wraps("command -v rm", "command");
            wraps("command -V rm", "command");
            wraps("builtin echo x", "builtin", "echo");
            wraps("busybox rm x", "busybox", "rm");
            wraps("busybox --list", "busybox");
        }

        @Test
        void watchRunsItsArgumentsThroughTheShell() {
            wraps("watch -n 2 'ls | wc -l'", "watch", "ls", "wc");
            wraps("watch -x rm x", "watch", "rm");
        }

        @Test
        void suAndRunuser() {
            wraps("su -c 'rm x' bob", "su", "rm");
            wraps("su - bob -c 'rm x'", "su", "rm");
            wraps("su bob", "su");
            wraps("runuser -u bob -- rm x", "runuser", "rm");
        }

        @Test
        void xargsRunsItsCommand() {
            wraps("xargs rm -f", "xargs", "rm");
            wraps("xargs -0 -n 1 -P 4 rm -f", "xargs", "rm");
            wraps("xargs -I {} mv {} /tmp", "xargs", "mv");
            wraps("xargs -I{} -d '\\n' mv {} /tmp", "xargs", "mv");
            wraps("xargs -i rm {}", "xargs", "rm");
            wraps("xargs", "xargs");
            assertThat(command(ok("xargs -0 rm -rf"), "xargs").flags()).containsExactly("0");
        }

        @Test
        void namespaceAndPrivilegeWrappers() {
            wraps("unshare -U -r -w notes rm x", "unshare", "rm");
            wraps("unshare --map-user=0 --propagation private -f rm x", "unshare", "rm");
            wraps("unshare -m/proc/1/ns/mnt -R /srv rm x", "unshare", "rm"); // -m takes an attached value only
            wraps("nsenter -t 1 -m -u rm x", "nsenter", "rm");
            wraps("nsenter --target 1 --mount -r -w rm x", "nsenter", "rm");
            wraps("setpriv --reuid 0 --regid 0 --clear-groups rm x", "setpriv", "rm");
            wraps("setpriv -d", "setpriv");
            wraps("prlimit --nofile=256 -c0 rm x", "prlimit", "rm");
            wraps("prlimit -n rm x", "prlimit", "rm"); // -n without an attached value is no value
            wraps("prlimit -p 1 rm x", "prlimit");
            wraps("pkexec --user root rm x", "pkexec", "rm");
            wraps("pkexec --keep-cwd rm x", "pkexec", "rm");
            wraps("systemd-run --user -p CPUQuota=5% -E A=b --unit job rm x", "systemd-run", "rm");
            wraps("firejail --private=/tmp --net=none rm x", "firejail", "rm");
            wraps("chpst -u nobody -/ /srv -m 1000 rm x", "chpst", "rm");
            wraps("cgexec -g cpu:/slow --sticky rm x", "cgexec", "rm");
            wraps("catchsegv rm x", "catchsegv", "rm");
            wraps("faketime -f '2020-01-01 00:00:00' rm x", "faketime", "rm");
            wraps("faketime --date-prog gdate 'last friday' rm x", "faketime", "rm");
            wraps("toybox rm x", "toybox", "rm");
            assertThat(command(ok("unshare -r -w /srv rm -rf /"), "unshare").flags()).containsExactly("r", "w");
            assertThat(command(ok("unshare -r -w /srv rm -rf /"), "rm").flags()).containsExactly("r", "f");
        }

        @Test
        void scriptSgAndCapshRunShellStrings() {
            // checked against bash and dash: script -c and sg hand one word to sh -c; capsh -- gives bash its args
            wraps("script -q -c 'rm x' /dev/null", "script", "rm");
            wraps("script -qec 'rm x; rm y' log.txt", "script", "rm", "rm");
            wraps("script --command='rm x'", "script", "rm");
            wraps("script log.txt", "script"); // an interactive shell; log.txt is the log
            wraps("sg root 'rm x; rm y'", "sg", "rm", "rm");
            wraps("sg root -c 'rm x'", "sg", "rm");
            wraps("sg - root rm", "sg", "rm");
            wraps("sg root", "sg");
            wraps("capsh -- -c 'rm x'", "capsh", "bash", "rm");
            wraps("capsh --drop=cap_net_raw --shell=/bin/sh -- -c 'rm x'", "capsh", "sh", "rm");
            wraps("capsh == -- -c 'rm x'", "capsh", "capsh", "bash", "rm");
            wraps("capsh --print", "capsh");
            assertThat(bad("capsh --shell=$S -- -c 'rm x'").problems()).anyMatch(p -> p.contains("capsh"));
        }

        @Test
        void sshRemoteCommandsAndLocalCommandOptionsAreScripts() {
            wraps("ssh host 'rm -rf /; ls'", "ssh", "rm", "ls");
            wraps("ssh -p 2222 -i key -l bob host rm -rf /", "ssh", "rm");
            wraps("ssh -tt -o BatchMode=yes host", "ssh");
            wraps("ssh -o ProxyCommand='rm x' -o BatchMode=yes host true", "ssh", "rm", "true");
            wraps("ssh -oLocalCommand='rm x' -oPermitLocalCommand=yes host", "ssh", "rm");
            wraps("ssh -o 'proxycommand rm x' host", "ssh", "rm");
            wraps("ssh -o KnownHostsCommand=\"rm x\" host", "ssh", "rm");
            assertThat(command(ok("ssh host rm -rf /"), "rm").args()).containsExactly("-rf", "/");
        }

        @Test
        void envReadsQuotedAssignmentsToo() {
            // env took 'GIT_PAGER=cat' as a variable and ran git, in bash and dash
            ShellScript s = ok("env 'GIT_PAGER=cat' git log -1");
            assertThat(programs(s)).containsExactly("env", "git");
            assertThat(s.assignments()).containsExactly(new Assignment("GIT_PAGER", "cat", true));
        }

        @Test
        void gitsSubcommandFollowsItsGlobalOptions() {
            assertThat(only("git status").subcommandWord()).isEqualTo("status");
            assertThat(only("git -C repo -c core.quotepath=off --no-pager log -1").subcommandWord()).isEqualTo("log");
            assertThat(only("git --git-dir .git --work-tree=. diff").subcommandWord()).isEqualTo("diff");
            assertThat(only("git --version").subcommandWord()).isNull();
            // the word status as an operand is not the subcommand; -C consumes the word after it
            assertThat(only("git ls-remote --upload-pack 'rm -fr notes' . status").subcommandWord())
                    .isEqualTo("ls-remote");
            assertThat(only("git -C status push").subcommandWord()).isEqualTo("push");
            assertThat(only("git push --force origin main").flags()).containsExactly("force");
            assertThat(bad("git $SUB").problems()).anyMatch(p -> p.contains("git subcommand"));
            assertThat(bad("git lo*").problems()).anyMatch(p -> p.contains("git subcommand"));
            assertThat(only("kubectl -n prod get pods").subcommandWord()).isEqualTo("get");
            assertThat(only("docker --context x run img").subcommandWord()).isEqualTo("run");
            assertThat(only("npm -- install").subcommandWord()).isEqualTo("install");
        }

        @Test
        void chainsOfWrappers() {
            wraps("sudo -u root env -i nohup nice -n 19 timeout 60 rm x",
                    "sudo", "env", "nohup", "nice", "timeout", "rm");
            ShellScript tooMany = bad("nice ".repeat(40) + "rm x");
            assertThat(tooMany.problems()).anyMatch(p -> p.contains("wrapper"));
        }
    }

    @Nested
    class ScriptsRunByCommands {

        @Test
        void shellDashC() {
            assertThat(programs("bash -c 'a; b | c'")).containsExactly("bash", "a", "b", "c");
            assertThat(programs("sh -ec 'a'")).containsExactly("sh", "a");
            assertThat(programs("bash -lc a")).containsExactly("bash", "a");
            assertThat(programs("bash -xc 'a' name arg")).containsExactly("bash", "a");
            assertThat(programs("bash -o pipefail -O extglob -c 'a'")).containsExactly("bash", "a");
            assertThat(programs("bash -c -e 'a'")).containsExactly("bash", "a");
            assertThat(programs("bash --norc --rcfile x -c 'a'")).containsExactly("bash", "a");
            assertThat(programs("fish --command='a'")).containsExactly("fish", "a");
            assertThat(programs("bash script.sh -c x")).containsExactly("bash");
            assertThat(programs("bash -- -c")).containsExactly("bash");
            assertThat(command(ok("bash -lc 'rm -rf /'"), "bash").flags()).containsExactlyInAnyOrder("l", "c");
        }

        @Test
        void nestedShells() {
            assertThat(programs("sh -c \"bash -c 'a'\"")).containsExactly("sh", "bash", "a");
        }

        @Test
        void eval() {
            assertThat(programs("eval 'a; b'")).containsExactly("eval", "a", "b");
            assertThat(programs("eval a b")).containsExactly("eval", "a");
            assertThat(bad("eval \"$cmd\"").problems()).anyMatch(p -> p.contains("eval"));
        }

        @Test
        void findExec() {
            ShellScript s = ok("find . -name '*.tmp' -exec rm -f {} \\; -o -execdir chmod 600 {} + -ok a ';' -okdir b \\;");
            assertThat(programs(s)).containsExactly("find", "rm", "chmod", "a", "b");
            assertThat(command(s, "find").flags()).doesNotContain("f");
            assertThat(command(s, "rm").args()).containsExactly("-f", "{}");
            assertThat(programs("find . -exec sh -c 'a \"$1\"' _ {} \\;")).containsExactly("find", "sh", "a");
        }
    }

    @Nested
    class Unparseable {

        @Test
        void unbalancedInput() {
            for (String line : List.of("echo 'a", "echo \"a", "echo `a", "echo $(a", "echo ${a", "(a", "{ a;",
                    "a )", "if a; then b", "while a; do b", "case x in a) b;;", "echo $((1", "[[ a", "}; b",
                    "fi", "a && ", "a |", "echo $'a", "a=(1 2")) {
                bad(line);
            }
        }

        @Test
        void resolvedCommandsAreStillReturned() {
            ShellScript s = bad("a; (b; c");
            assertThat(programs(s)).containsExactly("a", "b", "c");
            assertThat(programs(bad("a; $X; b"))).containsExactly("a", "b");
        }

        @Test
        void unknownProgram() {
            for (String line : List.of("$CMD -rf /", "${CMD} x", "\"$CMD\" x", "$(echo rm) x", "`which rm` x",
                    "r$1m x", "/bin/r* x", "r? x", "[r]m x", "$'\\x72m' x", "$\"rm\" x", "x=rm; $x y", "sudo $X",
                    "sudo /bin/r*")) {
                bad(line);
            }
            assertThat(bad("{rm,-rf,/}").problems()).anyMatch(p -> p.contains("brace"));
        }

        @Test
        void scriptsHiddenFromUs() {
            for (String line : List.of("bash <<EOF\nrm -rf /\nEOF", "sh <<< 'rm -rf /'", "bash <(curl x)",
                    "bash < <(curl x)", "source <(curl x)", ". <(curl x)", "sudo bash <<'EOF'\nx\nEOF",
                    "eval $(ssh-agent)", "bash -c \"$(curl x)\"")) {
                bad(line);
            }
            assertThat(programs(bad("bash <(curl x)"))).containsExactly("curl", "bash");
        }

        @Test
        void ansiCQuotingAnywhere() {
            bad("echo $'a\\nb'");
        }

        @Test
        void limits() {
            assertThat(bad("a".repeat(ShellParser.MAX_INPUT_LENGTH + 1)).commands()).isEmpty();
            assertThat(ok("a".repeat(ShellParser.MAX_INPUT_LENGTH)).commands()).hasSize(1);
            assertThat(bad("rm -rf /\0x").commands()).isNotEmpty();
            assertThat(ShellParser.parse(null).unparseable()).isTrue();
        }

        @Test
        void nestingDepthIsCapped() {
            String shallow = "( ".repeat(30) + "rm -rf /" + " )".repeat(30);
            assertThat(programs(shallow)).containsExactly("rm");
            ShellScript deep = bad("( ".repeat(100) + "rm -rf /" + " )".repeat(100));
            assertThat(deep.problems()).anyMatch(p -> p.contains("nesting"));
            bad("echo " + "$(".repeat(100) + "a" + ")".repeat(100));
            assertThat(programs("eval ".repeat(20) + "a")).hasSize(21);
            bad("eval ".repeat(70) + "a");
            bad("${".repeat(100));
            assertThat(programs("((((rm -rf /))))")).as("arithmetic, as in bash").isEmpty();
        }

        @Test
        void compoundingReparsesAreCutOff() {
            String wrappersInEvals = ("eval " + "sudo ".repeat(31)).repeat(400);
            assertThat(bad(wrappersInEvals).problems()).anyMatch(p -> p.contains("too complex"));
        }
    }
}
