package dev.capfence.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.GatedAction;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.inventory.InventoriedTool;
import dev.capfence.boot.inventory.ToolSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tool inventory: {@code @GatedAction} methods and every other {@link ToolSource}, logged and served. */
@ExtendWith(OutputCaptureExtension.class)
class ToolInventoryEndpointTest {

    public static class Refunds {
        @GatedAction(capability = "payments.refund")
        public String refund(String order) {
            return order;
        }

        @GatedAction(resource = "orders", action = "cancel", tool = "cancel_order")
        public String cancel(String order) {
            return order;
        }

        public String notGated() {
            return "";
        }
    }

    public static class Reports {
        @GatedAction(capability = "reports.export")
        public String export() {
            return "";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Refunds refunds() {
            return new Refunds();
        }

        @Bean
        ToolSource otherTools() {
            return () -> List.of(new InventoriedTool("remote_search", "mcp-client", "tool.remote_search", true));
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceActuatorAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("capfence.policy.allow[0].capability=x.y", "capfence.environment=prod",
                    "management.endpoints.web.exposure.include=capfence")
            // Registered by hand: no post-processor, so no proxy and no gate.
            .withInitializer(ctx -> ctx.getBeanFactory().registerSingleton("reports", new Reports()));

    @Test
    @SuppressWarnings("unchecked")
    void toolsSectionListsGatedActionsAndOtherSources(CapturedOutput output) {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            Object body = ctx.getBean(CapFenceEndpoint.class).section("tools", null, null, null, null, null, null).getBody();

            assertThat((List<Object>) body).containsExactlyInAnyOrder(
                    Map.of("name", "Refunds.refund", "kind", "gated-action", "capability", "payments.refund",
                            "gated", true),
                    Map.of("name", "cancel_order", "kind", "gated-action", "capability", "orders.cancel.prod",
                            "gated", true),
                    Map.of("name", "Reports.export", "kind", "gated-action", "capability", "reports.export",
                            "gated", false),
                    Map.of("name", "remote_search", "kind", "mcp-client", "capability", "tool.remote_search",
                            "gated", true));
            assertThat(output).contains("CapFence tool inventory: 4 tools, 1 not gated")
                    .contains("Refunds.refund [gated-action] capability=payments.refund gated=yes")
                    .contains("Reports.export [gated-action] capability=reports.export gated=no");
        });
    }

    @Test
    void existingSectionsStillAnswer() {
        runner.run(ctx -> {
            CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);
            assertThat(endpoint.section("approvals", null, null, null, null, null, null).getBody()).isEqualTo(List.of());
            assertThat(endpoint.section("nope", null, null, null, null, null, null).getStatus()).isEqualTo(404);
        });
    }
}
