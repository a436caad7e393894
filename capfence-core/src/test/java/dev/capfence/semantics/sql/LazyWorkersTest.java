package dev.capfence.semantics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker pool's life starts with the first SQL analysis; each case runs in its own JVM to see that. */
class LazyWorkersTest {

    @Test
    void aPolicyWithoutSqlConditionsNeverStartsThePool() throws Exception {
        List<String> out = probe();
        assertThat(out).containsSubsequence("no-sql allow started=false", "compiled started=false",
                "sql deny started=true", "problems []");
    }

    @Test
    void aSetWorkerCountAndTimeoutAreUsed() throws Exception {
        assertThat(probe("-D" + SqlAnalyzer.WORKERS_PROPERTY + "=1", "-D" + SqlAnalyzer.TIMEOUT_PROPERTY + "=20000"))
                .contains("sql deny started=true", "problems []");
    }

    @Test
    void anInvalidSettingMakesSqlUnparseableNamingTheProperty() throws Exception {
        List<String> out = probe("-D" + SqlAnalyzer.WORKERS_PROPERTY + "=zero");
        assertThat(out).contains("sql deny started=true");
        assertThat(out).anySatisfy(line -> assertThat(line)
                .startsWith("problems [not analysed: capfence.sql.workers must be a positive whole number"));
    }

    private static List<String> probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LazyWorkersProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }
}
