package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.boot.GatedAction;
import dev.capfence.boot.gate.GatedActionInterceptor;
import dev.capfence.engine.ActionRuntime;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

/** The advisor applying {@link GatedAction}: first of all advice, so a denied call never opens a transaction. */
@Configuration(proxyBeanMethods = false)
@Import(AutoProxyRegistrar.class)
class CapFenceAspectConfiguration {

    // Static and infrastructure-role, as Spring's own advisors: created before the beans it proxies.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "capFenceGatedActionAdvisor")
    static Advisor capFenceGatedActionAdvisor(ObjectProvider<ActionRuntime> runtime,
                                              ObjectProvider<ActorResolver> actors,
                                              ObjectProvider<EnvironmentResolver> environment) {
        GatedActionInterceptor interceptor = new GatedActionInterceptor(runtime::getObject, actors::getObject,
                environment::getObject);
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, GatedAction.class, true), interceptor);
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return advisor;
    }
}
