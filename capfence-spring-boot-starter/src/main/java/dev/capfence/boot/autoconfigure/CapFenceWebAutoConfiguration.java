package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.web.ActionDeniedProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Turns a denial escaping a Spring MVC controller into a 403 problem detail. */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "capfence.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
public class CapFenceWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ActionDeniedProblemHandler capFenceProblemHandler() {
        return new ActionDeniedProblemHandler();
    }
}
