package dev.capfence.benchmarks.peers;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.policy.Policy;
import java.util.Map;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** The two Spring peers as an application would run them: a real context, the refund bean called through its proxy. */
final class SpringApps {

    private SpringApps() {
    }

    /**
     * CapFence's starter auto-configuration with the refund policy; with {@code audit} its default sink (a bounded
     * chain in memory, {@code capfence.audit.type=memory}), else none.
     */
    static ConfigurableApplicationContext capFence(boolean audit) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("peers",
                Map.of("capfence.audit.type", audit ? "memory" : "none")));
        context.register(GatedApp.class);
        context.refresh();
        return context;
    }

    /** Method security with {@code @PreAuthorize} on {@link SecuredRefunds}. */
    static ConfigurableApplicationContext springSecurity() {
        return new AnnotationConfigApplicationContext(SecuredApp.class);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CapFenceAutoConfiguration.class)
    static class GatedApp {

        @Bean
        Policy refundPolicy() {
            return RefundPolicy.capFencePolicy();
        }

        @Bean
        GatedRefunds refunds() {
            return new GatedRefunds();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableMethodSecurity
    static class SecuredApp {

        @Bean
        SecuredRefunds refunds() {
            return new SecuredRefunds();
        }
    }
}
