package dev.capfence.semantics.shell.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real runs in the sandbox, both shells; skipped where the sandbox cannot be built. */
class SandboxOracleTest {

    private static final List<RealShell> BOTH = List.of(RealShell.BASH, RealShell.DASH);
    private static final String HOST_PROBE = "/tmp/capfence-oracle-test-" + UUID.randomUUID();

    private static final String RM = "rm notes/todo.txt";
    private static final String REDIRECT = "echo hi > /tmp/x";
    private static final String APPEND = "echo a >> notes/todo.txt";
    private static final String STDIN = "cat < .env";
    private static final String READ = "cat .env";
    private static final String GIT = "git ls-remote --upload-pack \"rm -fr notes\" . status";
    private static final String ENV = "X=1 LD_PRELOAD= env";
    private static final String QUOTES = "printf '%s\\n' \"a\\\"b\" 'c\\d'\n/usr/bin/printf '<%s>' 'x\ny' \"$HOME\"\n";
    private static final String WRITER = "echo one > " + HOST_PROBE + " && touch notes/added";
    private static final String LISTER = "ls " + HOST_PROBE + " notes";
    private static final String NETWORK = "exec 3<>/dev/tcp/1.1.1.1/80";
    private static final String SOURCE = "cd /tmp && . /srv/ws/.env && echo \"$API_KEY\"";
    private static final String RECREATE = "rm -r notes && mkdir notes";
    private static final String EXIT = "exit 3";
    private static final String ESCAPE = "mknod /tmp/disk b 1 1 || chroot / true || mount -t tmpfs none /mnt || echo confined";

    private static SandboxOracle oracle;
    private static final Map<String, Observation> seen = new HashMap<>();

    @BeforeAll
    static void runAll() throws IOException {
        assumeTrue(SandboxOracle.unavailableReason().isEmpty(),
                () -> "sandbox oracle skipped: " + SandboxOracle.unavailableReason().orElse(""));
        oracle = SandboxOracle.start();
        List<String> lines = List.of(RM, REDIRECT, APPEND, STDIN, READ, GIT, ENV, QUOTES, WRITER, LISTER,
                NETWORK, SOURCE, RECREATE, EXIT, ESCAPE);
        List<Observation> all = oracle.run(lines, BOTH);
        assertThat(all).hasSize(lines.size() * 2);
        for (int i = 0; i < all.size(); i++) {
            Observation o = all.get(i);
            assertThat(o.line()).isEqualTo(lines.get(i / 2));
            assertThat(o.shell()).isEqualTo(BOTH.get(i % 2));
            seen.put(key(o.line(), o.shell()), o);
        }
    }

    @AfterAll
    static void stop() {
        if (oracle != null) {
            oracle.close();
        }
    }

    private static String key(String line, RealShell shell) {
        return shell + ":" + line;
    }

    private static Observation seen(String line, RealShell shell) {
        return seen.get(key(line, shell));
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void removingAFileShowsTheProgramAndTheDeletion(RealShell shell) {
        Observation o = seen(RM, shell);
        assertThat(o.exit()).isZero();
        assertThat(o.timedOut()).isFalse();
        assertThat(o.execs()).singleElement().satisfies(e -> {
            assertThat(e.argv()).containsExactly("rm", "notes/todo.txt");
            assertThat(e.path()).isEqualTo("/usr/bin/rm");
            assertThat(e.startedBy()).isEqualTo(-1);
            assertThat(e.addedEnv()).isEmpty();
        });
        assertThat(o.writes().deleted()).containsExactly("/srv/ws/notes/todo.txt");
        assertThat(o.writes().created()).isEmpty();
        assertThat(o.writes().changed()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void aRedirectionIsTheShellsOwnWriteAndABuiltinRunsNoProgram(RealShell shell) {
        Observation o = seen(REDIRECT, shell);
        assertThat(o.execs()).isEmpty();
        assertThat(o.opens()).containsExactly(new Open("/tmp/x", OpenMode.WRITE_TRUNCATE, -1));
        assertThat(o.writes().created()).containsExactly("/tmp/x");
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void appendingChangesAWorkspaceFile(RealShell shell) {
        Observation o = seen(APPEND, shell);
        assertThat(o.opens()).containsExactly(new Open("/srv/ws/notes/todo.txt", OpenMode.WRITE_APPEND, -1));
        assertThat(o.writes().changed()).containsExactly("/srv/ws/notes/todo.txt");
        assertThat(o.writes().created()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void inputRedirectionIsReadByTheShellAndTheProgramRuns(RealShell shell) {
        Observation o = seen(STDIN, shell);
        assertThat(o.opens()).containsExactly(new Open("/srv/ws/.env", OpenMode.READ, -1));
        assertThat(o.execs()).singleElement().satisfies(e -> assertThat(e.argv()).containsExactly("cat"));
        assertThat(o.stdout()).isEqualTo("API_KEY=secret\n");
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void aFileArgumentIsReadByTheProgramsImage(RealShell shell) {
        Observation o = seen(READ, shell);
        assertThat(o.execs()).singleElement().satisfies(e -> assertThat(e.argv()).containsExactly("cat", ".env"));
        assertThat(o.opens()).containsExactly(new Open("/srv/ws/.env", OpenMode.READ, 0));
        assertThat(o.writes()).isEqualTo(Writes.none());
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void programsStartedByOtherProgramsPointAtTheirStarter(RealShell shell) {
        Observation o = seen(GIT, shell);
        List<Exec> execs = o.execs();
        int git = indexOf(execs, "/usr/bin/git");
        int sh = indexOf(execs, "/bin/sh");
        int rm = indexOf(execs, "/usr/bin/rm");
        assertThat(git).isNotNegative();
        assertThat(execs.get(git).argv()).containsExactly("git", "ls-remote", "--upload-pack", "rm -fr notes", ".", "status");
        assertThat(execs.get(git).startedBy()).isEqualTo(-1);
        assertThat(execs.get(sh).startedBy()).isEqualTo(git);
        assertThat(execs.get(sh).argv()).startsWith("/bin/sh", "-c");
        assertThat(execs.get(rm).startedBy()).isEqualTo(sh);
        assertThat(execs.get(rm).argv()).containsExactly("rm", "-fr", "notes", ".");
        assertThat(execs.get(rm).addedEnv()).containsKey("GIT_EXEC_PATH");
        assertThat(o.writes().deleted()).containsExactly("/srv/ws/notes/todo.txt");
    }

    private static int indexOf(List<Exec> execs, String path) {
        for (int i = 0; i < execs.size(); i++) {
            if (execs.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void assignmentsBeforeACommandAreAddedEnvironment(RealShell shell) {
        Observation o = seen(ENV, shell);
        assertThat(o.execs()).singleElement().satisfies(e -> {
            assertThat(e.argv()).containsExactly("env");
            assertThat(e.addedEnv()).containsExactlyInAnyOrderEntriesOf(Map.of("X", "1", "LD_PRELOAD", ""));
        });
        assertThat(o.stdout()).contains("X=1\n").contains("LD_PRELOAD=\n").contains("HOME=/root\n");
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void quotesBackslashesAndNewlinesReachTheShellUnchanged(RealShell shell) {
        Observation o = seen(QUOTES, shell);
        assertThat(o.line()).isEqualTo(QUOTES);
        assertThat(o.stdout()).isEqualTo("a\"b\nc\\d\n<x\ny></root>");
        assertThat(o.execs()).singleElement().satisfies(e ->
                assertThat(e.argv()).containsExactly("/usr/bin/printf", "<%s>", "x\ny", "/root"));
        assertThat(o.exit()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void runsNeverSeeEachOthersWritesNorReachTheHost(RealShell shell) {
        Observation writer = seen(WRITER, shell);
        assertThat(writer.exit()).isZero();
        assertThat(writer.writes().created()).containsExactly("/srv/ws/notes/added", HOST_PROBE);
        Observation lister = seen(LISTER, shell);
        assertThat(lister.exit()).isNotZero();
        assertThat(lister.stdout()).contains("todo.txt").doesNotContain("added");
        assertThat(lister.stderr()).contains(HOST_PROBE);
        assertThat(Files.exists(Path.of(HOST_PROBE))).isFalse();
    }

    @Test
    void thereIsNoNetwork() {
        Observation o = seen(NETWORK, RealShell.BASH);
        assertThat(o.exit()).isNotZero();
        assertThat(o.stderr()).contains("/dev/tcp/1.1.1.1/80");
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void sourcingAFileIsTheShellsOwnRead(RealShell shell) {
        Observation o = seen(SOURCE, shell);
        assertThat(o.opens()).containsExactly(new Open("/srv/ws/.env", OpenMode.READ, -1));
        assertThat(o.execs()).isEmpty();
        assertThat(o.stdout()).isEqualTo("secret\n");
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void aDirectoryRemovedAndMadeAgainStillLosesItsFiles(RealShell shell) {
        Observation o = seen(RECREATE, shell);
        assertThat(o.writes().deleted()).containsExactly("/srv/ws/notes/todo.txt");
        assertThat(o.execs()).extracting(Exec::argv)
                .containsExactly(List.of("rm", "-r", "notes"), List.of("mkdir", "notes"));
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void theExitStatusIsTheShells(RealShell shell) {
        assertThat(seen(EXIT, shell).exit()).isEqualTo(3);
        assertThat(seen(EXIT, shell).timedOut()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(RealShell.class)
    void theLineCannotMakeDevicesChangeRootOrMount(RealShell shell) {
        Observation o = seen(ESCAPE, shell);
        assertThat(o.stdout()).isEqualTo("confined\n");
        assertThat(o.execs()).extracting(e -> e.argv().get(0)).containsExactly("mknod", "chroot", "mount");
        assertThat(o.writes()).isEqualTo(Writes.none());
    }

    @Test
    void aLineWithANulCharacterIsReportedNotRun() throws IOException {
        List<Observation> result = oracle.run(List.of("echo a\0b"), List.of(RealShell.DASH));
        assertThat(result).singleElement().satisfies(o -> {
            assertThat(o.exit()).isEqualTo(-1);
            assertThat(o.execs()).isEmpty();
            assertThat(o.stderr()).contains("NUL");
        });
    }

    @Test
    void hangingLinesAndWhatTheyLeaveRunningAreStoppedAtTheLimit() throws IOException {
        try (SandboxOracle quick = SandboxOracle.start(Duration.ofMillis(1500), 1)) {
            List<Observation> result = quick.run(
                    List.of("sleep 10", "sleep 30 & echo started", "kill -9 $$", "echo fine"), BOTH);
            assertThat(result).hasSize(8);
            for (Observation hung : result.subList(0, 2)) {
                assertThat(hung.timedOut()).as(hung.shell().toString()).isTrue();
                assertThat(hung.exit()).isEqualTo(SandboxOracle.TIMED_OUT_EXIT);
                assertThat(hung.execs()).extracting(Exec::argv).containsExactly(List.of("sleep", "10"));
            }
            for (Observation background : result.subList(2, 4)) {
                // the shell ended at once; the run still waited for its background sleep, up to the limit
                assertThat(background.timedOut()).isTrue();
                assertThat(background.exit()).isZero();
                assertThat(background.stdout()).isEqualTo("started\n");
                assertThat(background.execs()).extracting(Exec::argv).contains(List.of("sleep", "30"));
            }
            for (Observation killed : result.subList(4, 6)) {
                assertThat(killed.timedOut()).isFalse();
                assertThat(killed.exit()).isEqualTo(128 + 9);
            }
            for (Observation after : result.subList(6, 8)) {
                assertThat(after.timedOut()).isFalse();
                assertThat(after.exit()).isZero();
                assertThat(after.stdout()).isEqualTo("fine\n");
            }
        }
    }
}
