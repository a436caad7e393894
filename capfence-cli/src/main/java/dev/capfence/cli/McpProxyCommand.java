package dev.capfence.cli;

import dev.capfence.audit.AuditException;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.mcp.McpGateway;
import dev.capfence.mcp.ToolPins;
import dev.capfence.mcp.UpstreamCommand;
import dev.capfence.policy.Policy;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcAuditSink;
import dev.capfence.store.jdbc.JdbcGrantStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capfence mcp-proxy --policy FILE [...] -- COMMAND ARGS...}: the MCP gateway over stdio. The MCP client
 * starts this command as if it were the server; every tools/call is decided before the server receives it.
 */
@Command(name = "mcp-proxy",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the client ended the session",
                "1:the MCP server could not be started or exited while the client was connected",
                "2:usage error, unreadable or invalid policy, unusable audit, pins or store"
        },
        description = {
                "Serves an MCP client on stdin/stdout and forwards to the MCP server COMMAND, started as a child "
                        + "process. Every message passes unchanged except tools/call: each call is decided against "
                        + "the policy as capability mcp.<server-name>.<tool> with its arguments as payload, recorded, "
                        + "and forwarded only when allowed; otherwise the client gets a tool result with isError "
                        + "true that says why (and, for an approval, how to approve it).",
                "Logs go to stderr; stdout carries only the protocol."
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

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest message the client may send (default ${DEFAULT-VALUE}); larger ones are refused.")
    int maxMessageBytes;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The MCP server and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() {
        Policy compiled = Inputs.policy(policy);
        McpGateway.Builder gateway = McpGateway.builder();
        UpstreamCommand upstream = UpstreamCommand.of(command);
        try {
            for (String env : upstreamEnv) {
                upstream = upstream.withEnv(env, System.getenv());
            }
            for (String map : maps) {
                int eq = map.indexOf('=');
                if (eq <= 0 || eq == map.length() - 1) {
                    throw new IllegalArgumentException("--map takes TOOL=CAPABILITY, not '" + map + "'");
                }
                gateway.capability(map.substring(0, eq), map.substring(eq + 1));
            }
            gateway.upstream(upstream).actor(actor).serverName(serverName).hideDenied(hideDenied)
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
            // The raw descriptor, not System.out: a PrintStream hides write errors, and a closed client must end the session.
            return gateway.runtime(runtime.build()).build()
                    .run(CapFenceCommand.stdin(spec), new FileOutputStream(FileDescriptor.out));
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }
}
