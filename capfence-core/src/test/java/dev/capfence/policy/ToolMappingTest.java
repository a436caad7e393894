package dev.capfence.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools:} names the capability each tool's calls are decided under, for every integration. */
class ToolMappingTest {

    @TempDir
    Path dir;

    private static List<PolicyProblem> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.parse(yaml, "bad.yaml"));
        assertThat(e).as("policy should not load:\n" + yaml).isNotNull();
        return e.problems();
    }

    @Test
    void aToolIsMappedInTheShortOrTheLongForm() {
        Policy policy = Policy.parse("""
                tools:
                  write_file: files.write
                  read_text_file: {capability: files.read}
                allow:
                  - capability: files.read
                """, "tools.yaml");

        assertThat(policy.capabilityOfTool("write_file")).isEqualTo("files.write");
        assertThat(policy.capabilityOfTool("read_text_file")).isEqualTo("files.read");
        assertThat(policy.capabilityOfTool("move_file")).isNull();
    }

    @Test
    void badMappingsAreNamedWithTheirPlace() {
        assertThat(problems("""
                tools: [write_file]
                allow:
                  - capability: x
                """)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.toString()).contains("tools must be a mapping of tool name to capability");
        });
        assertThat(problems("""
                tools:
                  write_file: "files write"
                  move_file: {capabilty: files.move}
                allow:
                  - capability: x
                """)).extracting(PolicyProblem::toString).satisfiesExactly(
                p -> assertThat(p).contains("bad.yaml:2:").contains("capability of tool write_file must be a name"),
                p -> assertThat(p).contains("bad.yaml:3:").contains("unknown tool key 'capabilty'"),
                p -> assertThat(p).contains("bad.yaml:3:").contains("tool move_file needs a capability"));
    }

    @Test
    void aToolMappedDifferentlyByAnExtendedFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), """
                tools:
                  write_file: files.write
                allow:
                  - capability: files.write
                """);
        Path top = dir.resolve("top.yaml");
        Files.writeString(top, """
                extends: [base.yaml]
                tools:
                  write_file: fs.write
                  read_text_file: files.read
                """);

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(top));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("top.yaml:3:").contains("tool write_file is mapped to files.write already, here to fs.write"));

        Files.writeString(top, """
                extends: [base.yaml]
                tools:
                  write_file: files.write
                  read_text_file: files.read
                """);
        Policy same = Policy.load(top);
        assertThat(same.capabilityOfTool("write_file")).isEqualTo("files.write");
        assertThat(same.capabilityOfTool("read_text_file")).isEqualTo("files.read");
    }
}
