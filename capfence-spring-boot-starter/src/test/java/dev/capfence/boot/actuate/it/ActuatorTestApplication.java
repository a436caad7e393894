package dev.capfence.boot.actuate.it;

import dev.capfence.boot.GatedAction;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application with Spring Security: only CAPFENCE_APPROVER may decide approvals through the endpoint. */
@SpringBootApplication
@EnableWebSecurity
public class ActuatorTestApplication {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/actuator/capfence/approvals/**")
                        .hasRole("CAPFENCE_APPROVER")
                        .requestMatchers("/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.ignoringRequestMatchers("/actuator/**"))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("CAPFENCE_APPROVER").build(),
                User.withUsername("mallory").password("{noop}mallory-pw").roles("USER").build());
    }

    /** Reports a service's status; who asks is whoever Spring Security authenticated. */
    @Service
    public static class StatusService {
        private final AtomicInteger reads = new AtomicInteger();

        public AtomicInteger reads() {
            return reads;
        }

        @GatedAction(capability = "ops.status")
        public String status(String service) {
            reads.incrementAndGet();
            return service + " is up";
        }
    }

    @RestController
    static class StatusController {
        private final StatusService status;

        StatusController(StatusService status) {
            this.status = status;
        }

        @GetMapping("/ops/status/{service}")
        String status(@PathVariable String service) {
            return status.status(service);
        }
    }

    @Service
    public static class Deployer {
        private final AtomicInteger runs = new AtomicInteger();

        public AtomicInteger runs() {
            return runs;
        }

        @GatedAction(capability = "ops.deploy")
        public String deploy(String service, String token) {
            runs.incrementAndGet();
            return "deployed " + service;
        }
    }
}
