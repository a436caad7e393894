package dev.capfence.demo.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two demo users: alice may decide approvals, mallory may read but not approve. The approval inbox
 * ({@code capfence.console.path}) has a login form; the API uses HTTP basic. The chat, ledger and MCP routes are
 * open; an anonymous caller acts as {@code capfence.actor.default}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * The approval inbox: a form login and a session, so CSRF stays on (its forms carry the token). Ordered before
     * the API chain, which matches everything else.
     */
    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, @Value("${capfence.console.path:/capfence}") String path)
            throws Exception {
        http.securityMatcher(path, path + "/**", "/login", "/logout", "/default-ui.css", "/favicon.ico")
                .authorizeHttpRequests(a -> a.requestMatchers("/default-ui.css", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.defaultSuccessUrl(path, false).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout").permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
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
