package dev.capfence.demo.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The agent's tools. They do real work — a shell, a database, money, files — and hold no checks of their own:
 * whether a call may run is CapFence's decision, made before the method is entered.
 */
public class DemoTools {

    private static final int MAX_OUTPUT = 16 * 1024;

    private final Sandbox sandbox;
    private final JdbcClient jdbc;
    private final Duration shellTimeout;

    public DemoTools(Sandbox sandbox, JdbcClient jdbc, Duration shellTimeout) {
        this.sandbox = sandbox;
        this.jdbc = jdbc;
        this.shellTimeout = shellTimeout;
    }

    @Tool(name = "shell_exec", resultConverter = PlainTextResult.class, description = "Runs a shell command line "
            + "with sh -c in the agent's sandbox directory and returns its exit code and output")
    public String shellExec(@ToolParam(description = "the command line") String command) {
        Path output = null;
        try {
            // Output goes to a file so a chatty command can never block on a full pipe while we wait for it.
            output = Files.createTempFile("capfence-shell-", ".out");
            Process process = new ProcessBuilder("sh", "-c", command)
                    .directory(sandbox.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(shellTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return "timed out after " + shellTimeout.toSeconds() + "s\n" + head(output);
            }
            return "exit " + process.exitValue() + "\n" + head(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    @Tool(name = "sql_query", resultConverter = PlainTextResult.class, description = "Runs one SQL statement "
            + "against the shop database (tables customers and ledger) and returns the rows, or the number of rows "
            + "changed")
    public String sqlQuery(@ToolParam(description = "the SQL statement") String sql) {
        String verb = sql.stripLeading().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (List.of("SELECT", "WITH", "SHOW", "EXPLAIN", "VALUES", "TABLE").contains(verb)) {
            List<Map<String, Object>> rows = jdbc.sql(sql).query().listOfRows();
            return rows.toString();
        }
        return jdbc.sql(sql).update() + " rows changed";
    }

    @Tool(name = "refund_customer", resultConverter = PlainTextResult.class,
            description = "Refunds an amount to a customer: books it in the ledger")
    public String refundCustomer(@ToolParam(description = "the customer's id, e.g. acme") String customer,
                                 @ToolParam(description = "the amount to refund") BigDecimal amount) {
        jdbc.sql("INSERT INTO ledger (customer, amount, created_at) VALUES (?, ?, ?)")
                .params(customer, amount, java.sql.Timestamp.from(Instant.now()))
                .update();
        return "refunded " + amount.toPlainString() + " to " + customer;
    }

    @Tool(name = "read_file", resultConverter = PlainTextResult.class,
            description = "Reads a text file, its path relative to the sandbox directory")
    public String readFile(@ToolParam(description = "the file's path") String path) {
        Path file = sandbox.root().resolve(path);
        try {
            return head(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, 0, Math.min(bytes.length, MAX_OUTPUT), StandardCharsets.UTF_8);
        return bytes.length > MAX_OUTPUT ? text + "\n[output cut at " + MAX_OUTPUT + " bytes]" : text;
    }
}
