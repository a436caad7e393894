package dev.capfence.boot.fresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.GatedAction;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * A new user's app: the starter, one {@code @GatedAction}, a policy in its YAML, no actor source. Nothing runs
 * unattributed, and both the start-up log and the 403 say how to name an actor.
 */
@ExtendWith(OutputCaptureExtension.class)
class FreshAppTest {

    static class Greeter {
        @GatedAction(capability = "greetings.send")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @RestController
    static class GreetingController {
        private final Greeter greeter;

        GreetingController(Greeter greeter) {
            this.greeter = greeter;
        }

        @PostMapping("/greet")
        String greet() {
            return greeter.greet("bob");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"})
    static class App {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        GreetingController greetingController(Greeter greeter) {
            return new GreetingController(greeter);
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
                .properties("spring.config.name=fresh-app", "server.port=0")
                .properties(properties).run();
    }

    @Test
    void withNoActorSourceStartupWarnsAndThe403SaysHowToFixIt(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = start()) {
            assertThat(output).contains("CapFence has no actor source", "capfence.actor.default",
                    "Spring Security", "CapFenceActor.runAs");
            MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).build();
            mvc.perform(post("/greet"))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.reason_code").value("invalid_event"))
                    .andExpect(jsonPath("$.detail").value(Matchers.allOf(
                            Matchers.containsString("event has no actor"),
                            Matchers.containsString("capfence.actor.default"),
                            Matchers.containsString("Spring Security"),
                            Matchers.containsString("CapFenceActor.runAs"))));
            // the run-as helper the message names does name an actor
            assertThat(CapFenceActor.runAs("svc", () -> ctx.getBean(Greeter.class).greet("amy"))).isEqualTo("hello amy");
        }
    }

    @Test
    void aDefaultActorSilencesTheWarningAndCallsRun(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = start("capfence.actor.default=greeter-service")) {
            assertThat(output).doesNotContain("CapFence has no actor source");
            MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).build();
            mvc.perform(post("/greet")).andExpect(status().isOk());
        }
    }

    @Test
    void withNoAuditConfiguredTheDecisionIsReadableAtTheActuator(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = start("capfence.actor.default=greeter-service",
                "management.endpoints.web.exposure.include=capfence,health",
                "management.endpoint.health.show-details=always")) {
            assertThat(output).contains("CapFence audit is in memory", "not kept across restarts",
                    "capfence.audit.type=jsonl|jdbc");
            MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).build();
            mvc.perform(post("/greet")).andExpect(status().isOk());

            mvc.perform(get("/actuator/capfence/audit").param("capability", "greetings.*"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].type").value("outcome"))
                    .andExpect(jsonPath("$[1].type").value("decision"))
                    .andExpect(jsonPath("$[1].decision").value("allow"))
                    .andExpect(jsonPath("$[1].event.actor").value("greeter-service"))
                    .andExpect(jsonPath("$[1].event.capability").value("greetings.send"));
            mvc.perform(get("/actuator/capfence/audit").param("since", "2h").param("decision", "deny"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$").isEmpty());
            mvc.perform(get("/actuator/capfence")).andExpect(jsonPath("$.audit.type").value("memory"))
                    .andExpect(jsonPath("$.audit.records").value(2));
            mvc.perform(get("/actuator/health/capfence")).andExpect(jsonPath("$.status").value("UP"))
                    .andExpect(jsonPath("$.details.audit").value("memory"))
                    .andExpect(jsonPath("$.details.audit_records").value(2));
        }
    }
}
