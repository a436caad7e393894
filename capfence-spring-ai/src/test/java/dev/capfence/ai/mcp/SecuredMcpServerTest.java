package dev.capfence.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.audit.InMemoryAuditSink;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/** When the MCP endpoint is secured, the authenticated principal is the actor of every tool call. */
@SpringBootTest(classes = {McpTestServer.class, SecuredMcpServerTest.Security.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.ai.mcp.server.protocol=STREAMABLE",
                "spring.ai.mcp.client.enabled=false",
                "capfence.policy.location=classpath:capfence/mcp-server-policy.yaml",
                "capfence.actor.default=mcp-agent",
        })
class SecuredMcpServerTest {

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Security {

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(c -> c.disable())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-pw").build());
        }
    }

    @LocalServerPort int port;
    @Autowired McpTestServer.Counters counters;
    @Autowired InMemoryAuditSink audit;

    @Test
    void thePrincipalIsTheActor() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", basic))
                .build()).build();
        try {
            client.initialize();
            CallToolResult allowed = client.callTool(
                    CallToolRequest.builder("echo").arguments(Map.of("text", "from alice")).build());
            CallToolResult denied = client.callTool(
                    CallToolRequest.builder("wipe_disk").arguments(Map.of("device", "/dev/sda")).build());

            assertThat(allowed.isError()).isFalse();
            assertThat(denied.isError()).isTrue();
            assertThat(counters.runs("wipe_disk")).isZero();
            assertThat(actors("tool.echo")).containsExactly("alice");
            assertThat(actors("tool.wipe_disk")).containsExactly("alice");
        } finally {
            client.closeGracefully();
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> actors(String capability) {
        JsonMapper json = JsonMapper.builder().build();
        return audit.lines().stream().map(line -> (Map<String, Object>) json.readValue(line, Map.class))
                .filter(r -> "decision".equals(r.get("type")))
                .map(r -> (Map<String, Object>) r.get("event"))
                .filter(e -> e != null && capability.equals(e.get("capability")))
                .map(e -> e.get("actor")).toList();
    }
}
