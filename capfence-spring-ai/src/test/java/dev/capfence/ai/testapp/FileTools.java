package dev.capfence.ai.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.ai.tool.annotation.Tool;

/** {@code @Tool} methods of a bean, offered through a MethodToolCallbackProvider bean. */
public class FileTools {

    private final Counters counters;
    private volatile Path dir;

    public FileTools(Counters counters) {
        this.counters = counters;
    }

    public void dir(Path dir) {
        this.dir = dir;
    }

    @Tool(description = "Writes a text file")
    public String writeFile(String name, String content) {
        counters.writes.incrementAndGet();
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "wrote " + name;
    }

    @Tool(description = "Deletes a file")
    public String deleteFile(String name) {
        counters.provider.incrementAndGet();
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "deleted " + name;
    }
}
