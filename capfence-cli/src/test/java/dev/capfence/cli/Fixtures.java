package dev.capfence.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The seed scenario and helpers shared by the CLI tests. */
final class Fixtures {

    static final String SEED_POLICY = """
            deny:
              - capability: shell.exec.production
                contains: "rm -rf"
            allow:
              - capability: shell.exec.readonly
            """;

    static final String RM_RF_EVENT = "{\"actor\":\"ops-agent\",\"resource\":\"shell\",\"action\":\"exec\","
            + "\"environment\":\"production\",\"payload\":{\"command\":\"rm -rf /var/lib/postgresql\"}}";

    static final String LS_EVENT = "{\"id\":\"ls-1\",\"actor\":\"ops-agent\",\"resource\":\"shell\",\"action\":\"exec\","
            + "\"environment\":\"readonly\",\"payload\":{\"command\":\"ls /tmp\"}}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Fixtures() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return JSON.readValue(text, Map.class);
    }
}
