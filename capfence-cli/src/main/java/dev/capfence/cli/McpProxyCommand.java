package dev.capfence.cli;

import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.mcp.McpGateway;
import dev.capfence.mcp.ToolPins;
import dev.capfence.mcp.UpstreamCommand;
import dev.capfence.mcp.UpstreamUrl;
import dev.capfence.policy.Policy;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcAuditSink;
import dev.capfence.store.jdbc.JdbcGrantStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence mcp-proxy --policy FILE [...] (-- COMMAND ARGS... | --upstream-url URL) [--listen HOST:PORT]}: the
 * MCP gateway. Over stdio the MCP client starts this command as if it were the server; with --listen clients connect
 * over Streamable HTTP. Every tools/call is decided before the server receives it.
 */
@Command(name = "mcp-proxy",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the client ended the session (or, with --listen, the gateway was stopped)",
                "1:the MCP server could not be started or exited while the client was connected",
                "2:usage error, unreadable or invalid policy, unusable audit, pins or store"
        },
        description = {
                "Serves an MCP client on stdin/stdout (or, with --listen, MCP clients over Streamable HTTP) and "
                        + "forwards to the MCP server COMMAND, started as a child process (one per HTTP session), or to "
                        + "the Streamable HTTP server at --upstream-url. Every message passes unchanged except tools/call: each call is decided against "
                        + "the policy as capability mcp.<server-name>.<tool> with its arguments as payload, recorded, "
                        + "and forwarded only when allowed; otherwise the client gets a tool result with isError "
                        + "true that says why (and, for an approval, how to approve it).",
                "Logs go to stderr; stdout carries only the protocol (nothing, with --listen)."
        })
final class McpProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (YAML).")
    Path policy;

    @Option(names = "--audit", paramLabel = "FILE.jsonl",
            description = "Record every decision in this audit chain; a call whose decision cannot be recorded is denied.")
    Path audit;

    /**
     * Approvals and grants (and, without --audit, the audit chain) in the database 'capfence approvals' and the
     * application's endpoint use; in memory without it.
     */
    @ArgGroup(exclusive = false, multiplicity = "0..1")
    StoreOptions store;

    @Option(names = "--actor", paramLabel = "NAME", defaultValue = "mcp-client",
            description = "Who the calls are made for (default: ${DEFAULT-VALUE}).")
    String actor;

    @Option(names = "--server-name", paramLabel = "NAME", defaultValue = "server",
            description = "The server's name in capabilities mcp.<NAME>.<tool> (default: ${DEFAULT-VALUE}).")
    String serverName;

    @Option(names = "--map", paramLabel = "TOOL=CAPABILITY",
            description = "Decide calls to TOOL as CAPABILITY instead of mcp.<server-name>.<TOOL>; repeatable.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--pins", paramLabel = "FILE",
            description = "Pin tool definitions in this file at first listing; a tool whose definition changes is "
                    + "refused until 'capfence mcp-pins update'.")
    Path pins;

    @Option(names = "--hide-denied", description = "Leave out of tools/list the tools the policy denies whatever their arguments.")
    boolean hideDenied;

    @Option(names = "--upstream-env", paramLabel = "NAME=env:VAR",
            description = "Give the server NAME set to this process's variable VAR; the client never sees it. Repeatable.")
    List<String> upstreamEnv = new ArrayList<>();

    @Option(names = "--upstream-url", paramLabel = "URL",
            description = "Forward to the Streamable HTTP MCP server at URL (such as http://127.0.0.1:3001/mcp) "
                    + "instead of starting a COMMAND.")
    String upstreamUrl;

    @Option(names = "--upstream-header", paramLabel = "NAME=env:VAR",
            description = "With --upstream-url: send the server header NAME set to this process's variable VAR "
                    + "(or NAME=VALUE, for what is no secret); the client never sees it. Repeatable.")
    List<String> upstreamHeaders = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Serve MCP clients over Streamable HTTP at http://HOST:PORT/mcp instead of stdin/stdout. "
                    + "A host that is not loopback needs --listen-token.")
    String listen;

    @Option(names = "--listen-token", paramLabel = "env:VAR",
            description = "With --listen: every request must carry 'Authorization: Bearer <token>', the token being "
                    + "this process's variable VAR (at least 16 characters); 401 otherwise.")
    String listenToken;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest message the client may send (default ${DEFAULT-VALUE}); larger ones are refused.")
    int maxMessageBytes;

    @Parameters(arity = "0..*", paramLabel = "COMMAND",
            description = "The MCP server and its arguments, after -- (or --upstream-url).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Policy compiled = Inputs.policy(policy);
        McpGateway.Builder gateway = McpGateway.builder();
        InetSocketAddress address;
        String token;
        try {
            upstream(gateway);
            address = listen == null ? null : address(listen);
            token = listenToken == null ? null : token(listenToken);
            if (listen == null && listenToken != null) {
                throw new IllegalArgumentException("--listen-token goes with --listen");
            }
            for (String map : maps) {
                int eq = map.indexOf('=');
                if (eq <= 0 || eq == map.length() - 1) {
                    throw new IllegalArgumentException("--map takes TOOL=CAPABILITY, not '" + map + "'");
                }
                gateway.capability(map.substring(0, eq), map.substring(eq + 1));
            }
            gateway.actor(actor).serverName(serverName).hideDenied(hideDenied)
                    .maxMessageBytes(maxMessageBytes);
            if (pins != null) {
                gateway.pins(ToolPins.open(pins));
            }
        } catch (RuntimeException e) {
            throw new CliFailure("capfence mcp-proxy: " + e.getMessage());
        }
        ActionRuntime.Builder runtime = ActionRuntime.builder().policy(compiled);
        AuditSink sink = null;
        try {
            DataSource ds = store == null ? null : store.dataSource();
            if (audit != null) {
                sink = JsonlAuditSink.builder(audit).open();
            } else if (ds != null) {
                sink = store.open(() -> store.auditChain == null ? JdbcAuditSink.builder(ds).open()
                        : JdbcAuditSink.builder(ds).chainName(store.auditChain).open());
            }
            runtime.auditSink(sink);
            if (ds != null) {
                runtime.approvalStore(store.open(() -> JdbcApprovalStore.open(ds)))
                        .grantStore(store.open(() -> JdbcGrantStore.open(ds)));
                gateway.approveCommand("capfence approvals approve {id} --as APPROVER --policy " + policy
                        + " --jdbc-url " + store.url);
            } else {
                gateway.approveCommand("(nobody can: this gateway keeps approvals in memory; start it with "
                        + "--jdbc-url to approve with 'capfence approvals approve {id}')");
            }
        } catch (AuditException e) {
            throw new CliFailure("capfence mcp-proxy: cannot open the audit chain: " + e.getMessage());
        }
        try {
            McpGateway built = gateway.runtime(runtime.build()).build();
            if (address != null) {
                return serve(built, address, token, sink);
            }
            // The raw descriptor, not System.out: a PrintStream hides write errors, and a closed client must end the session.
            return built.run(CapFenceCommand.stdin(spec), new FileOutputStream(FileDescriptor.out));
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }

    private void upstream(McpGateway.Builder gateway) {
        if (upstreamUrl != null && !command.isEmpty()) {
            throw new IllegalArgumentException("give the MCP server either as a COMMAND after -- or as --upstream-url, not both");
        }
        if (upstreamUrl == null) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no MCP server: give its COMMAND after --, or --upstream-url URL");
            }
            if (!upstreamHeaders.isEmpty()) {
                throw new IllegalArgumentException("--upstream-header goes with --upstream-url; a COMMAND gets --upstream-env");
            }
            UpstreamCommand upstream = UpstreamCommand.of(command);
            for (String env : upstreamEnv) {
                upstream = upstream.withEnv(env, System.getenv());
            }
            gateway.upstream(upstream);
            return;
        }
        if (!upstreamEnv.isEmpty()) {
            throw new IllegalArgumentException("--upstream-env goes with a COMMAND; --upstream-url gets --upstream-header");
        }
        UpstreamUrl upstream = UpstreamUrl.of(upstreamUrl);
        for (String header : upstreamHeaders) {
            upstream = upstream.withHeader(header, System.getenv());
        }
        gateway.upstream(upstream);
    }

    /** {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code PORT} (on 127.0.0.1). */
    static InetSocketAddress address(String spec) {
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : spec.substring(0, colon);
        String port = spec.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (host.isEmpty() || number < 0 || number > 65535) {
            throw new IllegalArgumentException("--listen takes HOST:PORT (such as 127.0.0.1:8931), not '" + spec + "'");
        }
        InetSocketAddress address = new InetSocketAddress(host, number);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--listen: cannot resolve the host " + host);
        }
        return address;
    }

    private static String token(String spec) {
        if (!spec.startsWith("env:") || spec.length() == 4) {
            throw new IllegalArgumentException("--listen-token takes env:VAR (the token is the value of the variable VAR, "
                    + "never written on a command line)");
        }
        String value = System.getenv(spec.substring(4));
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--listen-token: the variable " + spec.substring(4) + " is not set");
        }
        return value;
    }

    /** Serves until the process is stopped. */
    private int serve(McpGateway gateway, InetSocketAddress address, String token, AuditSink sink) {
        McpGateway.Listening listening;
        try {
            listening = gateway.listen(address, token);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("capfence mcp-proxy: " + e.getMessage());
        } catch (IOException e) {
            throw new CliFailure("capfence mcp-proxy: cannot listen on " + listen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listening.close();
            if (sink != null) {
                sink.close(); // here: once the hooks are done the JVM halts, before call() could close it
            }
            stopped.countDown();
        }, "capfence-mcp-stop"));
        System.err.println("capfence mcp-proxy: serving MCP clients at " + listening.uri()
                + (token == null ? "" : " (bearer token required)"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return McpGateway.EXIT_OK;
    }
}
