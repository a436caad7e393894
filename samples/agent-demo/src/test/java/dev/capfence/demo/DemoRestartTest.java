package dev.capfence.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalStatus;
import dev.capfence.engine.ActionRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Approvals live in an H2 file next to the audit: a restart keeps a pending one, and approved it runs once. */
class DemoRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPendingApprovalSurvivesARestartAndThenRunsExactlyOnce() throws Exception {
        Path dir = Files.createTempDirectory("demo-restart-");
        String refund = "refund 5000 to restart-customer";
        String id;
        try (ConfigurableApplicationContext first = start(dir)) {
            JsonNode call = chat(first, refund);
            assertThat(call.get("decision").asString()).isEqualTo("require_approval");
            id = call.get("approval_id").asString();
        }
        try (ConfigurableApplicationContext second = start(dir)) {
            ActionRuntime runtime = second.getBean(ActionRuntime.class);
            assertThat(runtime.approvals().get(id).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
            assertThat(chat(second, refund).get("approval_id").asString()).as("the same approval").isEqualTo(id);

            runtime.approvals().approve(id, "alice", "after the restart");

            JsonNode runs = chat(second, refund);
            assertThat(runs.get("decision").asString()).isEqualTo("allow");
            assertThat(runs.get("tool_invoked").asBoolean()).isTrue();
            assertThat(chat(second, refund).get("decision").asString()).isEqualTo("require_approval");
            assertThat(ledgerRows(second, "restart-customer")).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(AgentDemoApplication.class).run("--server.port=0",
                "--demo.audit-dir=" + dir, "--demo.scenarios=false", "--capfence.approvals.sweep-interval=1h");
    }

    private JsonNode chat(ConfigurableApplicationContext ctx, String message) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(ctx) + "/agent/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("message", message))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode calls = JSON.readTree(r.body()).get("tool_calls");
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private int ledgerRows(ConfigurableApplicationContext ctx, String customer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(ctx) + "/ledger")).build(),
                HttpResponse.BodyHandlers.ofString());
        int n = 0;
        for (JsonNode row : JSON.readTree(r.body())) {
            n += row.get("customer").asString().equals(customer) ? 1 : 0;
        }
        return n;
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
