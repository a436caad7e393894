package dev.capfence.mcp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MCP server the gateway starts as its child, and the environment only that child gets: credentials the
 * server needs are held by the gateway, never written to the client. {@link #toString()} names no value.
 */
public final class UpstreamCommand {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<String> command;
    private final Map<String, String> env;

    private UpstreamCommand(List<String> command, Map<String, String> env) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no MCP server command: give it after --");
        }
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
    }

    public static UpstreamCommand of(List<String> command) {
        return new UpstreamCommand(command, Map.of());
    }

    /**
     * This command with one more variable for the child, from {@code NAME=env:VAR}: the value of the gateway's
     * own variable VAR. Only that form is accepted, so a secret never has to be written on a command line
     * (visible to every user of the machine).
     */
    public UpstreamCommand withEnv(String spec, Map<String, String> environment) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        String source = eq < 0 ? "" : spec.substring(eq + 1);
        if (!NAME.matcher(name).matches() || !source.startsWith("env:") || !NAME.matcher(source.substring(4)).matches()) {
            throw new IllegalArgumentException("--upstream-env takes NAME=env:VAR (the value of the variable VAR), not '"
                    + (eq < 0 ? spec : name + "=…") + "'");
        }
        String value = environment.get(source.substring(4));
        if (value == null) {
            throw new IllegalArgumentException("--upstream-env " + name + ": the variable " + source.substring(4)
                    + " is not set");
        }
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new UpstreamCommand(command, more);
    }

    public List<String> command() {
        return command;
    }

    /** The values given to the child only: a reply that holds one has it replaced before the client sees it. */
    Collection<String> secrets() {
        return env.values();
    }

    /** Starts the server; its stderr is the gateway's, where MCP servers log. */
    Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    @Override
    public String toString() {
        return String.join(" ", command) + (env.isEmpty() ? "" : " (with " + String.join(", ", env.keySet()) + " set)");
    }
}
