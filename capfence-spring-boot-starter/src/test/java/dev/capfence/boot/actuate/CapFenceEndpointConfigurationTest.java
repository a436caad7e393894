package dev.capfence.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.Authentication;

class CapFenceEndpointConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceActuatorAutoConfiguration.class))
            .withPropertyValues("capfence.policy.allow[0].capability=x.y", "capfence.policy.deny[0].capability=x.z",
                    "management.endpoints.web.exposure.include=capfence");

    private static boolean hasWriteOperation(Object endpoint) {
        return Arrays.stream(endpoint.getClass().getMethods()).map(Method::getName).anyMatch("decide"::equals)
                && Arrays.stream(endpoint.getClass().getDeclaredMethods())
                        .anyMatch(m -> m.isAnnotationPresent(WriteOperation.class));
    }

    @Test
    void withSpringSecurityTheEndpointCanDecideApprovals() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(CapFenceEndpoint.class);
            assertThat(ctx.getBean(CapFenceEndpoint.class)).isInstanceOf(SecuredCapFenceEndpoint.class);
        });
    }

    @Test
    void withoutSpringSecurityThereIsNoWriteOperation() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class)).run(ctx -> {
            CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);
            assertThat(endpoint).isNotInstanceOf(SecuredCapFenceEndpoint.class);
            assertThat(hasWriteOperation(endpoint)).isFalse();
        });
    }

    @Test
    void summaryCountsDecisionsAndSectionsNeedAnAuditChain() {
        runner.withPropertyValues("capfence.audit.type=none").run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            runtime.execute(ActionEvent.builder().actor("a").capability("x.y").build());
            runtime.execute(ActionEvent.builder().actor("a").capability("x.z").build());
            runtime.execute(ActionEvent.builder().actor("a").capability("x.z").build());
            CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);
            Map<String, Object> summary = endpoint.summary();
            assertThat(summary).containsEntry("rules", 2).containsEntry("mode", "enforce")
                    .containsEntry("decisions", Map.of("allow", 1L, "deny", 2L)).doesNotContainKey("audit");
            assertThat(endpoint.section("audit", null, null, null, null, null, null).getStatus()).isEqualTo(404);
            assertThat(endpoint.section("verify", null, null, null, null, null, null).getStatus()).isEqualTo(404);
            assertThat(endpoint.section("nope", null, null, null, null, null, null).getStatus()).isEqualTo(404);
            assertThat(endpoint.section("approvals", null, null, null, null, null, null).getBody()).isEqualTo(java.util.List.of());
        });
    }

    @Test
    void withNoAuditTypeTheEndpointReadsTheBoundedMemoryChain() {
        runner.run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            runtime.execute(ActionEvent.builder().actor("support-agent").capability("x.y").build());
            runtime.execute(ActionEvent.builder().actor("ops-bot").capability("x.z").build());
            CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> audit = (Map<String, Object>) endpoint.summary().get("audit");
            assertThat(audit).containsEntry("type", "memory").containsEntry("records", 2L).containsEntry("seq", 2L);
            @SuppressWarnings("unchecked")
            java.util.List<Map<String, Object>> records = (java.util.List<Map<String, Object>>) endpoint
                    .section("audit", null, null, "support-*", null, null, null).getBody();
            assertThat(records).singleElement().extracting(r -> r.get("decision")).isEqualTo("allow");
            assertThat(endpoint.section("audit", null, "maybe", null, null, null, null).getStatus()).isEqualTo(400);
            assertThat(endpoint.section("audit", null, null, null, null, null, "yesterday").getStatus())
                    .isEqualTo(400);
            @SuppressWarnings("unchecked")
            Map<String, Object> verify = (Map<String, Object>) endpoint
                    .section("verify", null, null, null, null, null, null).getBody();
            assertThat(verify).containsEntry("intact", true).containsEntry("records", 2L);
        });
    }

    @Test
    void endpointCanBeSwitchedOff() {
        runner.withPropertyValues("management.endpoint.capfence.access=NONE")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(CapFenceEndpoint.class)
                        .doesNotHaveBean(DecisionCounts.class));
    }
}
