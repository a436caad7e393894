package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.boot.CapFenceObserver;
import dev.capfence.boot.DeferredResults;
import dev.capfence.boot.GatedAction;
import dev.capfence.boot.RefusalHandler;
import dev.capfence.boot.gate.CompletionStageResults;
import dev.capfence.boot.gate.GatedCalls;
import dev.capfence.boot.gate.ReactorResults;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;
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

    private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono",
            CapFenceAspectConfiguration.class.getClassLoader());

    // Static and infrastructure-role: the method advisor needs it before the beans it proxies exist; everything it
    // uses is looked up on the first call.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static GatedCalls capFenceGatedCalls(ObjectProvider<ActionRuntime> runtime, ObjectProvider<ActorResolver> actors,
                                         ObjectProvider<EnvironmentResolver> environment,
                                         ObjectProvider<CapFenceObserver> observers,
                                         ObjectProvider<RefusalHandler> refusals,
                                         ObjectProvider<DeferredResults> deferred) {
        return new GatedCalls(runtime::getObject, actors::getObject, environment::getObject,
                SingletonSupplier.of(() -> observers.orderedStream().toList()),
                SingletonSupplier.of(() -> refusals.getIfAvailable(RefusalHandler::byDefault)),
                SingletonSupplier.of(() -> deferredResults(deferred)));
    }

    // The application's own first, then the ones CapFence knows.
    private static List<DeferredResults> deferredResults(ObjectProvider<DeferredResults> own) {
        List<DeferredResults> all = new ArrayList<>(own.orderedStream().toList());
        all.add(new CompletionStageResults());
        if (REACTOR) {
            all.add(new ReactorResults());
        }
        return List.copyOf(all);
    }

    // Static and infrastructure-role, as Spring's own advisors: created before the beans it proxies.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "capFenceGatedActionAdvisor")
    static Advisor capFenceGatedActionAdvisor(ObjectProvider<GatedCalls> calls) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, GatedAction.class, true),
                new GatedActionInterceptor(calls.getObject()));
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return advisor;
    }
}
