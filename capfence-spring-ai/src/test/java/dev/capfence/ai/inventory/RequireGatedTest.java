package dev.capfence.ai.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.ai.autoconfigure.CapFenceAiAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.inventory.InventoriedTool;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code capfence.ai.require-gated}: start-up fails, naming the tool, when a tool callback escapes gating. */
@ExtendWith(OutputCaptureExtension.class)
class RequireGatedTest {

    /** A tool that is also a service of the application: replacing it would break injection by that interface. */
    public interface Greeter {
        String greet(String name);
    }

    public static class GreeterTool implements ToolCallback, Greeter {
        @Override
        public ToolDefinition getToolDefinition() {
            return ToolDefinition.builder().name("greeter").description("Greets").inputSchema("{}").build();
        }

        @Override
        public String call(String toolInput) {
            return greet(toolInput);
        }

        @Override
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Tools {
        @Bean
        ToolCallback echo() {
            return callback("echo");
        }
    }

    /** A tool provider that is also a service of the application. */
    public interface Catalog {
        int size();
    }

    public static class CatalogTools implements ToolCallbackProvider, Catalog {
        @Override
        public ToolCallback[] getToolCallbacks() {
            return new ToolCallback[] {callback("lookup")};
        }

        @Override
        public int size() {
            return 1;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceProvider {
        @Bean
        CatalogTools catalog() {
            return new CatalogTools();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceTool {
        @Bean
        GreeterTool greeter() {
            return new GreeterTool();
        }
    }

    static ToolCallback callback(String name) {
        return FunctionToolCallback.builder(name, (Function<String, String>) in -> in)
                .description(name).inputType(String.class).build();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class, ToolCallingAutoConfiguration.class,
                    CapFenceAiAutoConfiguration.class))
            .withUserConfiguration(Tools.class)
            .withPropertyValues("capfence.policy.allow[0].capability=tool.echo", "capfence.ai.require-gated=true");

    @Test
    void startsWhenEveryToolIsGated(CapturedOutput output) {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(SpringAiToolSource.class).tools())
                    .containsExactly(new InventoriedTool("echo", "tool-callback", "tool.echo", true));
        });
        assertThat(output).contains("CapFence tool inventory: 1 tools, 0 not gated")
                .contains("echo [tool-callback] capability=tool.echo gated=yes");
    }

    @Test
    void failsOnACallbackRegisteredByHand() {
        runner.withInitializer(ctx -> ctx.getBeanFactory().registerSingleton("raw", callback("rawTool")))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasMessageContaining("capfence.ai.require-gated")
                        .hasMessageContaining("rawTool [tool-callback]")
                        .hasMessageNotContaining("echo"));
    }

    @Test
    void aCallbackThatIsAlsoAnotherServiceOfTheApplicationIsGatedByAProxyThatKeepsItsTypes(CapturedOutput output) {
        runner.withUserConfiguration(ServiceTool.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    // Still injectable by its own interface and its class; its tool calls are decided.
                    assertThat(ctx.getBean(Greeter.class).greet("x")).isEqualTo("hello x");
                    assertThat(ctx.getBean(GreeterTool.class).greet("y")).isEqualTo("hello y");
                    assertThat(ctx.getBean("greeter", ToolCallback.class).call("{}"))
                            .startsWith("CapFence denied greeter: ");
                    assertThat(ctx.getBean(SpringAiToolSource.class).tools())
                            .contains(new InventoriedTool("greeter", "tool-callback", "tool.greeter", true));
                });
        assertThat(output).contains("greeter [tool-callback] capability=tool.greeter gated=yes");
    }

    @Test
    void aProviderThatIsAlsoAnotherServiceOfTheApplicationHandsOutGatedCallbacks() {
        runner.withUserConfiguration(ServiceProvider.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(Catalog.class).size()).isEqualTo(1);
                    ToolCallback lookup = ctx.getBean(CatalogTools.class).getToolCallbacks()[0];
                    assertThat(lookup.call("\"x\"")).startsWith("CapFence denied lookup: ");
                    assertThat(ctx.getBean(SpringAiToolSource.class).tools())
                            .contains(new InventoriedTool("lookup", "tool-callback", "tool.lookup", true));
                });
    }

    @Test
    void aCallbackRegisteredAfterStartUpIsReportedNotGated() {
        runner.run(ctx -> {
            ctx.getBeanFactory().registerSingleton("late", callback("lateTool"));
            assertThat(ctx.getBean(SpringAiToolSource.class).tools())
                    .contains(new InventoriedTool("lateTool", "tool-callback", "tool.lateTool", false));
        });
    }
}
