package dev.capfence.demo.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP basic with two demo users: alice may decide approvals, mallory may read but not approve. The chat, ledger and
 * MCP routes are open; an anonymous caller acts as {@code capfence.actor.default}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/actuator/capfence/approvals/**")
                        .hasRole("CAPFENCE_APPROVER")
                        .requestMatchers("/actuator/**").authenticated()
                        .requestMatchers("/agent/**", "/ledger", "/mcp", "/mcp/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // A JSON API authenticated on every request: no session, so no cookie for CSRF to protect.
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager demoUsers() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice").roles("CAPFENCE_APPROVER").build(),
                User.withUsername("mallory").password("{noop}mallory").authorities(AuthorityUtils.NO_AUTHORITIES)
                        .build());
    }
}
