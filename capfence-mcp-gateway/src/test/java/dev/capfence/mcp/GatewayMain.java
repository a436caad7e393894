package dev.capfence.mcp;

import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.policy.Policy;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcGrantStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The gateway as its own process for the tests, so an MCP client can start it over stdio as it starts any server:
 * {@code --policy P [--audit F] [--jdbc-url U] [--pins F] [--hide-denied] [--server-name N] -- COMMAND...}, or
 * {@code --upstream-url URL} instead of a command.
 * (The product's command line is {@code capfence mcp-proxy}.)
 */
public final class GatewayMain {

    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        int dashes = a.indexOf("--");
        List<String> options = dashes < 0 ? a : a.subList(0, dashes);
        ActionRuntime.Builder runtime = ActionRuntime.builder().policy(Policy.load(Path.of(value(options, "--policy"))));
        McpGateway.Builder gateway = McpGateway.builder();
        if (value(options, "--upstream-url") != null) {
            gateway.upstream(UpstreamUrl.of(value(options, "--upstream-url")));
        } else {
            gateway.upstream(UpstreamCommand.of(a.subList(dashes + 1, a.size())));
        }
        if (value(options, "--audit") != null) {
            runtime.auditSink(JsonlAuditSink.builder(Path.of(value(options, "--audit"))).open());
        }
        if (value(options, "--jdbc-url") != null) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(value(options, "--jdbc-url"));
            runtime.approvalStore(JdbcApprovalStore.open(ds)).grantStore(JdbcGrantStore.open(ds));
        }
        if (value(options, "--pins") != null) {
            gateway.pins(ToolPins.open(Path.of(value(options, "--pins"))));
        }
        if (value(options, "--server-name") != null) {
            gateway.serverName(value(options, "--server-name"));
        }
        gateway.hideDenied(options.contains("--hide-denied")).actor("alice");
        System.exit(gateway.runtime(runtime.build()).build().run(System.in, System.out));
    }

    private static String value(List<String> options, String name) {
        int i = options.indexOf(name);
        return i < 0 ? null : options.get(i + 1);
    }
}
