package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import dev.capfence.approval.ApprovalObserver;
import dev.capfence.approval.ApprovalStore;
import dev.capfence.approval.GrantStore;
import dev.capfence.audit.AuditSink;
import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.ActorSource;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.DecisionObserver;
import dev.capfence.limit.LimitStore;
import dev.capfence.boot.reload.PolicyReloader;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyMode;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dev.capfence.boot.inventory.GatedActionToolSource;
import dev.capfence.boot.inventory.ToolInventory;
import dev.capfence.boot.inventory.ToolSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/** CapFence for Spring Boot: the policy, the runtime and its stores, and the {@code @GatedAction} advice. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "capfence.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CapFenceProperties.class)
@Import({CapFenceStoreConfiguration.Memory.class, CapFenceStoreConfiguration.Jdbc.class,
        CapFenceAuditConfiguration.class, CapFenceAspectConfiguration.class})
public class CapFenceAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(CapFenceAutoConfiguration.class);

    // Not needed when the application builds its own runtime (which then owns its policy).
    @Bean
    @ConditionalOnMissingBean({Policy.class, ActionRuntime.class})
    Policy capFencePolicy(CapFenceProperties properties, ResourceLoader resources) {
        return new PolicyLoader(resources).load(properties.getPolicy());
    }

    @Bean
    @ConditionalOnMissingBean
    ActionRuntime capFenceRuntime(Policy policy, ApprovalStore approvals, GrantStore grants, LimitStore limits,
                                  ObjectProvider<AuditSink> audit, ObjectProvider<DecisionObserver> observers,
                                  ObjectProvider<ApprovalObserver> approvalObservers,
                                  CapFenceProperties properties) {
        ActionRuntime.Builder b = ActionRuntime.builder().policy(policy).approvalStore(approvals).grantStore(grants)
                .limitStore(limits).auditSink(audit.getIfAvailable())
                .mode(properties.getMode())
                .approvalDefaults(properties.getApprovals().asSettings())
                .eventLimits(properties.getEvent().limits());
        // CapFenceObserver beans (metrics, tracing, the application's) and any core DecisionObserver bean.
        observers.orderedStream().forEach(b::observeDecisions);
        // ApprovalEvent publishing, and any approval observer of the application's
        approvalObservers.orderedStream().forEach(b::observeApprovals);
        return b.build();
    }

    @Bean
    @ConditionalOnBooleanProperty("capfence.policy.reload")
    @ConditionalOnMissingBean
    PolicyReloader capFencePolicyReloader(ActionRuntime runtime, CapFenceProperties properties,
                                          ResourceLoader resources) {
        CapFenceProperties.PolicySettings settings = properties.getPolicy();
        if (settings.getLocation() == null || settings.getLocation().isBlank()) {
            throw new CapFenceConfigurationException("CapFence: capfence.policy.reload watches a policy file, but "
                    + "capfence.policy.location is not set", "Set capfence.policy.location, or remove "
                    + "capfence.policy.reload (inline rules change only with the application's configuration).", null);
        }
        PolicyLoader loader = new PolicyLoader(resources);
        return new PolicyReloader(runtime, () -> loader.load(settings), settings.getReloadInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    ActorResolver capFenceActorResolver(ObjectProvider<ActorSource> sources, CapFenceProperties properties,
                                        ListableBeanFactory beans) {
        List<ActorSource> known = sources.orderedStream().toList();
        String defaultActor = properties.getActor().getDefault();
        // Spring Security on the classpath names nobody until the application secures its requests.
        boolean named = known.stream().anyMatch(source -> !(source instanceof SecurityActorSource))
                || known.stream().anyMatch(SecurityActorSource.class::isInstance) && securesRequests(beans);
        if (!named && (defaultActor == null || defaultActor.isBlank())) {
            // Fail closed, but say so: otherwise every call is refused with "event has no actor" and nobody knows why.
            LOG.warn("CapFence has no actor source: gated calls outside CapFenceActor.runAs are denied (event has no "
                    + "actor). " + ActorResolver.HOW_TO_NAME_AN_ACTOR);
        }
        return new ActorResolver(known, defaultActor);
    }

    private static boolean securesRequests(ListableBeanFactory beans) {
        for (String type : new String[] {"org.springframework.security.web.SecurityFilterChain",
                "org.springframework.security.web.server.SecurityWebFilterChain"}) {
            if (ClassUtils.isPresent(type, CapFenceAutoConfiguration.class.getClassLoader())
                    && beans.getBeanNamesForType(ClassUtils.resolveClassName(type,
                            CapFenceAutoConfiguration.class.getClassLoader()), false, false).length > 0) {
                return true;
            }
        }
        return false;
    }

    @Bean
    @ConditionalOnMissingBean
    EnvironmentResolver capFenceEnvironmentResolver(CapFenceProperties properties, Environment environment) {
        return new EnvironmentResolver(properties.getEnvironment(), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    GatedActionToolSource capFenceGatedActionToolSource(ConfigurableListableBeanFactory beanFactory,
                                                        ObjectProvider<EnvironmentResolver> environment) {
        return new GatedActionToolSource(beanFactory, environment::getObject);
    }

    @Bean
    @ConditionalOnMissingBean
    ToolInventory capFenceToolInventory(ObjectProvider<ToolSource> sources, ApplicationContext context) {
        return new ToolInventory(sources, context);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SecurityActors {

        @Bean
        @ConditionalOnMissingBean(name = "capFenceSecurityActorSource")
        ActorSource capFenceSecurityActorSource() {
            return new SecurityActorSource();
        }
    }
}
