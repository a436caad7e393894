package dev.capfence.boot.actuate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capfence.engine.ApprovalRequiredException;
import dev.capfence.boot.CapFenceActor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The approval loop over real HTTP: gated call, pending approval, refused and accepted decisions, audit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=capfence,health",
        "management.endpoint.health.show-details=always",
        "capfence.policy.location=",
        "capfence.policy.require_approval[0].id=deploys",
        "capfence.policy.require_approval[0].capability=ops.deploy",
        "capfence.audit.type=jsonl",
        "capfence.audit.fsync=false"})
class CapFenceEndpointHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void audit(DynamicPropertyRegistry registry) {
        registry.add("capfence.audit.path", () -> dir.resolve("audit.jsonl").toString());
    }

    @LocalServerPort int port;
    @Autowired ActuatorTestApplication.Deployer deployer;
    @Autowired MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void approvalLoopOverHttp() throws Exception {
        assertThatThrownBy(() -> CapFenceActor.runAs("agent-7", () -> deployer.deploy("billing", "s3cr3t-tok")))
                .isInstanceOf(ApprovalRequiredException.class);
        assertThat(deployer.runs()).hasValue(0);

        HttpResponse<String> pending = get("/actuator/capfence/approvals", "alice");
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.body()).doesNotContain("s3cr3t-tok").contains("[REDACTED]"); // as in the audit
        List<?> approvals = JSON.readValue(pending.body(), List.class);
        assertThat(approvals).hasSize(1);
        Map<?, ?> approval = (Map<?, ?>) approvals.get(0);
        assertThat(approval.get("actor")).isEqualTo("agent-7");
        String id = (String) approval.get("id");

        String body = "{\"decision\":\"approve\",\"note\":\"ok\",\"approver\":\"mallory\"}";
        assertThat(post("/actuator/capfence/approvals/" + id, "mallory", body).statusCode()).isEqualTo(403);
        assertThat(post("/actuator/capfence/approvals/" + id, null, body).statusCode()).isEqualTo(401);

        assertThat(post("/actuator/capfence/approvals/" + id, "alice", "{\"decision\":\"maybe\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> approved = post("/actuator/capfence/approvals/" + id, "alice", body);
        assertThat(approved.statusCode()).isEqualTo(200);
        // the approver is the authenticated principal; the request's "approver" field is ignored
        assertThat(JSON.readValue(approved.body(), Map.class)).containsEntry("decided_by", "alice")
                .containsEntry("status", "approved");

        assertThat(CapFenceActor.runAs("agent-7", () -> deployer.deploy("billing", "s3cr3t-tok"))).isEqualTo("deployed billing");
        assertThat(deployer.runs()).hasValue(1);

        List<?> audit = JSON.readValue(get("/actuator/capfence/audit?limit=50", "alice").body(), List.class);
        assertThat(audit).isNotEmpty();
        assertThat(get("/actuator/capfence/audit", "alice").body()).doesNotContain("s3cr3t-tok");
        assertThat(((Map<?, ?>) audit.get(0)).get("seq")).isEqualTo(audit.size()); // newest first
        List<?> denials = JSON.readValue(
                get("/actuator/capfence/audit?decision=require_approval&capability=ops.deploy", "alice").body(),
                List.class);
        assertThat(denials).hasSize(1);

        Map<?, ?> verify = JSON.readValue(get("/actuator/capfence/verify", "alice").body(), Map.class);
        assertThat(verify.get("intact")).isEqualTo(true);
        assertThat(((Number) verify.get("records")).intValue()).isEqualTo(audit.size());

        Map<?, ?> summary = JSON.readValue(get("/actuator/capfence", "alice").body(), Map.class);
        assertThat(summary.get("rules")).isEqualTo(1);
        assertThat(summary.get("decisions")).isEqualTo(Map.of("require_approval", 1, "allow", 1));
        assertThat(((Map<?, ?>) summary.get("audit")).get("head")).isEqualTo(verify.get("head"));

        // Boot's registry picked up the meters through the auto-configured runtime
        assertThat(meters.get("capfence.decisions").tag("decision", "require_approval")
                .tag("capability", "ops.deploy").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("capfence.evaluation").timers()).isNotEmpty();

        HttpResponse<String> health = get("/actuator/health/capfence", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"").contains("policy_sha256");
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return http.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String user, String json) throws Exception {
        return http.send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            String credentials = user + ":" + user + "-pw";
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }
}
