package dev.capfence.ai.autoconfigure;

import dev.capfence.ai.inventory.RequireGatedCheck;
import dev.capfence.ai.inventory.SpringAiToolSource;
import dev.capfence.ai.tool.CanonicalToolNames;
import dev.capfence.ai.tool.CapFenceAiProperties;
import dev.capfence.ai.tool.ToolGate;
import dev.capfence.boot.gate.GatedCalls;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.inventory.ToolSource;
import dev.capfence.engine.ActionRuntime;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Gates Spring AI tool calls: the shared {@link ToolGate} every route (ChatClient, MCP) decides through, and the
 * post-processor that gates the tool calling manager, the resolver and the tool beans.
 */
@AutoConfiguration(after = CapFenceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.ai.tool.ToolCallback")
@ConditionalOnBooleanProperty(name = {"capfence.enabled", "capfence.ai.enabled"}, matchIfMissing = true)
@ConditionalOnBean(ActionRuntime.class)
@EnableConfigurationProperties(CapFenceAiProperties.class)
public class CapFenceAiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ToolGate capFenceToolGate(GatedCalls calls, ObjectProvider<ActionRuntime> runtime, CapFenceAiProperties properties,
                              ObjectProvider<CanonicalToolNames> names, ConfigurableListableBeanFactory beans) {
        // The runtime is looked up on the first call: tool callbacks may be wrapped before it exists.
        return new ToolGate(calls, runtime::getObject, properties, names.orderedStream().toList(), beans);
    }

    @Bean
    @ConditionalOnMissingBean
    SpringAiToolSource capFenceSpringAiToolSource(ListableBeanFactory beans, ObjectProvider<ToolGate> gate) {
        return new SpringAiToolSource(beans, gate::getObject);
    }

    @Bean
    @ConditionalOnBooleanProperty("capfence.ai.require-gated")
    RequireGatedCheck capFenceRequireGatedCheck(ObjectProvider<ToolSource> sources, ApplicationContext context) {
        return new RequireGatedCheck(sources, context);
    }

    // Static and infrastructure-role: created before the beans it post-processes; the gate is fetched when needed.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ToolGatingPostProcessor capFenceToolGatingPostProcessor(ObjectProvider<ToolGate> gate) {
        return new ToolGatingPostProcessor(gate::getObject);
    }
}
