package dev.capfence.cli;

import static dev.capfence.cli.Fixtures.RM_RF_EVENT;
import static dev.capfence.cli.Fixtures.SEED_POLICY;
import static dev.capfence.cli.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, check --audit --sign-key --fsync and verify through the packaged jar (the canonicalizer is shaded in). */
class AuditJarIT {

    @TempDir
    Path dir;

    private String[] capfence(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("capfence.jar", "target/capfence.jar"));
        assertThat(jar).as("the shaded jar (run 'mvn verify')").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    }

    @Test
    void signedAuditRoundTrip() throws Exception {
        Path policy = write(dir, "shell.yaml", SEED_POLICY);
        Path event = write(dir, "event.json", RM_RF_EVENT);
        Path keys = dir.resolve("keys");
        Path audit = dir.resolve("audit.jsonl");

        String[] keygen = capfence("keygen", "--out", keys.toString());
        String[] check = capfence("check", "--policy", policy.toString(), "--event", event.toString(), "--audit",
                audit.toString(), "--sign-key", keys.resolve("capfence-signing.pem").toString(), "--fsync");
        Path verdict = write(dir, "verdict.json", check[1]);
        String[] verify = capfence("verify", audit.toString(), "--public-key",
                keys.resolve("capfence-signing.pub.pem").toString(), "--receipt", verdict.toString());

        assertThat(keygen[0]).isEqualTo("0");
        assertThat(check[0]).isEqualTo("0");
        assertThat(check[1]).contains("\"receipt\":{\"seq\":1,");
        assertThat(verify[0]).isEqualTo("0");
        assertThat(verify[1]).startsWith("OK 1 records, head ").contains("OK receipt seq 1 is in the chain");
    }
}
