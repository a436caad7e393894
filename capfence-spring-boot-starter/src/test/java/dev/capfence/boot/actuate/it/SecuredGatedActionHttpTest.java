package dev.capfence.boot.actuate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.AuditSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actor of a gated call made while serving an HTTP request is the principal Spring Security's real filter
 * chain authenticated (HTTP basic here), so rules written per actor hold for web callers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "capfence.policy.location=",
        "capfence.policy.allow[0].id=alice-reads-status",
        "capfence.policy.allow[0].capability=ops.status",
        "capfence.policy.allow[0].actor=alice"})
class SecuredGatedActionHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration
    static class Audit {
        @Bean
        InMemoryAuditSink auditSink() {
            return InMemoryAuditSink.create();
        }
    }

    @LocalServerPort int port;
    @Autowired ActuatorTestApplication.StatusService status;
    @Autowired AuditSink audit;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAuthenticatedPrincipalIsTheActor() throws Exception {
        int before = status.reads().get();

        HttpResponse<String> alice = get("/ops/status/billing", "alice:alice-pw");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).isEqualTo("billing is up");

        HttpResponse<String> mallory = get("/ops/status/billing", "mallory:mallory-pw");
        assertThat(mallory.statusCode()).isEqualTo(403);
        assertThat(mallory.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        Map<?, ?> problem = JSON.readValue(mallory.body(), Map.class);
        assertThat(problem.get("reason_code")).isEqualTo("no_matching_rule");

        assertThat(status.reads().get() - before).isEqualTo(1); // only alice's call ran the method

        List<Object> actors = ((InMemoryAuditSink) audit).lines().stream()
                .map(line -> JSON.readValue(line, Map.class))
                .filter(r -> "decision".equals(r.get("type")))
                .<Object>map(r -> ((Map<?, ?>) r.get("event")).get("actor")).toList();
        assertThat(actors).containsExactly("alice", "mallory");
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
