package dev.capfence.cli;

import dev.capfence.mcp.ToolPins;
import dev.capfence.mcp.UpstreamCommand;
import dev.capfence.mcp.UpstreamUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence mcp-pins update --pins FILE (-- COMMAND ARGS... | --upstream-url URL)}: accepting a server's current
 * tool definitions.
 */
@Command(name = "mcp-pins",
        description = "Manages the tool pins of 'capfence mcp-proxy --pins'.",
        subcommands = McpPinsCommand.Update.class)
final class McpPinsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return CapFenceCommand.missingSubcommand(spec);
    }

    @Command(name = "update",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the pins now hold the server's current definitions",
                    "2:usage error, or the server could not be started or listed"},
            description = "Starts the MCP server COMMAND (or connects to the one at --upstream-url), lists its tools "
                    + "and writes their digests as the pins, replacing the old ones: calls to tools whose definitions "
                    + "changed are allowed again.")
    static final class Update implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--pins", required = true, paramLabel = "FILE", description = "The pins file of mcp-proxy --pins.")
        Path pins;

        @Option(names = "--upstream-env", paramLabel = "NAME=env:VAR",
                description = "Give the server NAME set to this process's variable VAR. Repeatable.")
        List<String> upstreamEnv = new ArrayList<>();

        @Option(names = "--upstream-url", paramLabel = "URL",
                description = "List the tools of the Streamable HTTP MCP server at URL instead of starting a COMMAND.")
        String upstreamUrl;

        @Option(names = "--upstream-header", paramLabel = "NAME=env:VAR",
                description = "With --upstream-url: send the server header NAME set to this process's variable VAR "
                        + "(or NAME=VALUE). Repeatable.")
        List<String> upstreamHeaders = new ArrayList<>();

        @Parameters(arity = "0..*", paramLabel = "COMMAND",
                description = "The MCP server and its arguments, after -- (or --upstream-url).")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() {
            ToolPins.Update update;
            try {
                if (upstreamUrl != null) {
                    if (!command.isEmpty() || !upstreamEnv.isEmpty()) {
                        throw new IllegalArgumentException("give the MCP server either as a COMMAND after -- (with "
                                + "--upstream-env) or as --upstream-url (with --upstream-header), not both");
                    }
                    UpstreamUrl server = UpstreamUrl.of(upstreamUrl);
                    for (String header : upstreamHeaders) {
                        server = server.withHeader(header, System.getenv());
                    }
                    update = ToolPins.update(pins, server);
                } else {
                    if (command.isEmpty()) {
                        throw new IllegalArgumentException("no MCP server: give its COMMAND after --, or --upstream-url URL");
                    }
                    if (!upstreamHeaders.isEmpty()) {
                        throw new IllegalArgumentException("--upstream-header goes with --upstream-url");
                    }
                    UpstreamCommand server = UpstreamCommand.of(command);
                    for (String env : upstreamEnv) {
                        server = server.withEnv(env, System.getenv());
                    }
                    update = ToolPins.update(pins, server);
                }
            } catch (IOException | RuntimeException e) {
                throw new CliFailure("capfence mcp-pins update: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(pins + ": " + Inputs.count(update.total(), "tool") + " pinned (" + update.added() + " new, "
                    + update.changed() + " changed, " + update.removed() + " removed)");
            out.flush();
            return CapFenceCommand.OK;
        }
    }
}
