package dev.capfence.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.tool.GatedToolCallback;
import dev.capfence.ai.tool.GatedToolCallbackProvider;
import dev.capfence.ai.tool.GatedToolCallbackResolver;
import dev.capfence.ai.tool.GatedToolCallingManager;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the post-processor gates, and what it leaves alone. */
class ToolGatingPostProcessorTest {

    static final AtomicInteger RUNS = new AtomicInteger();

    static ToolCallback echo(String name) {
        return FunctionToolCallback.builder(name, (Function<String, String>) in -> {
            RUNS.incrementAndGet();
            return in;
        }).description(name).inputType(String.class).build();
    }

    @Configuration(proxyBeanMethods = false)
    static class Tools {
        @Bean
        ToolCallback echo() {
            return ToolGatingPostProcessorTest.echo("echo");
        }

        @Bean
        ToolCallbackProvider more() {
            return ToolCallbackProvider.from(ToolGatingPostProcessorTest.echo("more"));
        }

        @Bean
        List<ToolCallback> listed() {
            return List.of(ToolGatingPostProcessorTest.echo("listed"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnManager {
        @Bean
        ToolCallingManager myManager() {
            return ToolCallingManager.builder().build();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class, ToolCallingAutoConfiguration.class,
                    CapFenceAiAutoConfiguration.class))
            .withUserConfiguration(Tools.class)
            .withPropertyValues("capfence.policy.deny[0].capability=files.delete", "capfence.actor.default=agent",
                    "capfence.ai.tools.deleteFile.capability=files.delete");

    @Test
    void gatesManagerResolverAndToolBeans() {
        runner.run(ctx -> {
            assertThat(ctx.getBean(ToolCallingManager.class)).isInstanceOf(GatedToolCallingManager.class);
            assertThat(ctx.getBean(ToolCallbackResolver.class)).isInstanceOf(GatedToolCallbackResolver.class);
            assertThat(ctx.getBean("echo")).isInstanceOf(GatedToolCallback.class);
            assertThat(ctx.getBean("more")).isInstanceOf(GatedToolCallbackProvider.class);
            assertThat((List<?>) ctx.getBean("listed")).singleElement().isInstanceOf(GatedToolCallback.class);
            assertThat(ctx.getBean(ToolCallbackResolver.class).resolve("more")).isInstanceOf(GatedToolCallback.class);
        });
    }

    @Test
    void aDirectCallOfAToolBeanIsDecided() {
        runner.run(ctx -> {
            RUNS.set(0);
            ToolCallback echo = ctx.getBean("echo", ToolCallback.class);
            // No rule allows tool.echo: refused, the function never runs.
            assertThat(echo.call("{\"text\":\"hi\"}")).startsWith("CapFence denied echo: ");
            assertThat(RUNS).hasValue(0);
        });
    }

    @Test
    void toolInputIsReadAsEventTextIs() {
        runner.withPropertyValues("capfence.policy.allow[0].capability=tool.echo",
                "capfence.policy.allow[0].amount_lte=1000").run(ctx -> {
            RUNS.set(0);
            ToolGate gate = ctx.getBean(ToolGate.class);
            // a duplicate key, however escaped: the tool's reader might keep the other value
            assertThat(gate.payload("{\"amount\": 5, \"am\\u006funt\": 50000}")).isNull();
            assertThat(gate.payload("{\"amount\": 1000.0000000000000001}"))
                    .containsEntry("amount", new java.math.BigDecimal("1000.0000000000000001"));
            ToolCallback echo = ctx.getBean("echo", ToolCallback.class);
            assertThat(echo.call("{\"amount\": 5, \"am\\u006funt\": 50000}")).startsWith("CapFence denied echo: ");
            assertThat(echo.call("{\"amount\": 1000.0000000000000001}")).startsWith("CapFence denied echo: ");
            assertThat(echo.call("{\"amount\": 1e999999999}")).startsWith("CapFence denied echo: ");
            assertThat(RUNS).hasValue(0);
        });
    }

    @Test
    void decoratesTheApplicationsOwnManager() {
        runner.withUserConfiguration(OwnManager.class).run(ctx -> {
            ToolCallingManager manager = ctx.getBean(ToolCallingManager.class);
            assertThat(manager).isInstanceOf(GatedToolCallingManager.class);
            assertThat(((GatedToolCallingManager) manager).delegate().getClass().getSimpleName())
                    .isEqualTo("DefaultToolCallingManager");
        });
    }

    @Test
    void capabilitiesAreConfiguredPerTool() {
        runner.run(ctx -> {
            ToolGate gate = ctx.getBean(ToolGate.class);
            assertThat(gate.capabilityOf("deleteFile")).isEqualTo("files.delete");
            assertThat(gate.capabilityOf("echo")).isEqualTo("tool.echo");
        });
    }

    @Test
    void thePolicysToolsMappingComesAfterTheProperties() {
        runner.withBean(dev.capfence.policy.Policy.class, () -> dev.capfence.policy.Policy.parse("""
                        tools:
                          echo: chat.say
                          deleteFile: fs.remove
                        allow:
                          - capability: chat.say
                        """, "tools.yaml"))
                .run(ctx -> {
                    ToolGate gate = ctx.getBean(ToolGate.class);
                    assertThat(gate.capabilityOf("echo")).isEqualTo("chat.say");
                    assertThat(gate.capabilityOf("deleteFile")).isEqualTo("files.delete"); // the property wins
                    assertThat(gate.capabilityOf("more")).isEqualTo("tool.more");
                    // chat.say is allowed, so the call reaches the tool (whose String input cannot take an
                    // object); under tool.echo it would have been refused before the tool was reached.
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.getBean("echo", ToolCallback.class)
                            .call("{\"text\":\"hi\"}")).hasMessageContaining("Conversion from JSON");
                });
    }

    @Test
    void switchedOffNothingIsWrapped() {
        runner.withPropertyValues("capfence.ai.enabled=false").run(ctx -> {
            assertThat(ctx.getBean(ToolCallingManager.class)).isNotInstanceOf(GatedToolCallingManager.class);
            assertThat(ctx.getBean("echo")).isNotInstanceOf(GatedToolCallback.class);
        });
    }
}
