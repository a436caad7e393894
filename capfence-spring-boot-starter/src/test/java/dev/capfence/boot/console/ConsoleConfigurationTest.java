package dev.capfence.boot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.boot.approval.CapFenceApprovalAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.List;

/** The inbox is opt-in, and never served without an authentication layer. */
class ConsoleConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceApprovalAutoConfiguration.class, CapFenceConsoleAutoConfiguration.class))
            .withPropertyValues("capfence.policy.require-approval[0].capability=payments.refund");

    @Configuration(proxyBeanMethods = false)
    static class Secured {
        @Bean
        SecurityFilterChain chain() {
            return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, List.of());
        }
    }

    @Test
    void offUnlessEnabled() {
        runner.withUserConfiguration(Secured.class).run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(ApprovalInboxController.class));
    }

    @Test
    void enabledWithoutASecurityFilterChainStopsStartup() {
        runner.withPropertyValues("capfence.console.enabled=true").run(ctx ->
                assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                        .hasMessageContaining("capfence.console.enabled needs Spring Security"));
    }

    @Test
    void enabledBehindSpringSecurityServesTheInbox() {
        runner.withUserConfiguration(Secured.class).withPropertyValues("capfence.console.enabled=true").run(ctx ->
                assertThat(ctx).hasNotFailed().hasSingleBean(ApprovalInboxController.class));
    }

    @Test
    void enabledWithoutThymeleafStopsStartupSayingWhatToAdd() {
        runner.withUserConfiguration(Secured.class).withClassLoader(new FilteredClassLoader("org.thymeleaf"))
                .withPropertyValues("capfence.console.enabled=true").run(ctx ->
                        assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                                .hasMessageContaining("needs Thymeleaf"));
    }

    @Test
    void enabledWithoutSpringSecurityOnTheClasspathStopsStartup() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues("capfence.console.enabled=true").run(ctx ->
                        assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                                .hasMessageContaining("capfence.console.enabled needs Spring Security"));
    }

    @Test
    void aPathThatIsNotAPathStopsStartup() {
        runner.withUserConfiguration(Secured.class)
                .withPropertyValues("capfence.console.enabled=true", "capfence.console.path=capfence/").run(ctx ->
                        assertThat(ctx).getFailure().rootCause().isInstanceOf(CapFenceConfigurationException.class)
                                .hasMessageContaining("capfence.console.path must be a path"));
    }
}
