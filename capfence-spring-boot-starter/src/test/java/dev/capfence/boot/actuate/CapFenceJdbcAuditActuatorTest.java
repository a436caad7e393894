package dev.capfence.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Health and endpoint read the chain from the audit table when capfence.audit.type=jdbc. */
class CapFenceJdbcAuditActuatorTest {

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:capfence-actuator;DB_CLOSE_DELAY=-1");
        return h2;
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceActuatorAutoConfiguration.class))
            .withBean(DataSource.class, CapFenceJdbcAuditActuatorTest::h2)
            .withPropertyValues("capfence.policy.allow[0].capability=x.y", "capfence.policy.deny[0].capability=x.z",
                    "capfence.audit.type=jdbc", "management.endpoints.web.exposure.include=capfence");

    @Test
    @SuppressWarnings("unchecked")
    void summaryAuditAndVerifyFromTheTable() {
        runner.run(ctx -> {
            Health health = ctx.getBean("capfenceHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("audit", "jdbc");

            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            runtime.execute(ActionEvent.builder().actor("ann").capability("x.y").build());
            runtime.execute(ActionEvent.builder().actor("bob").capability("x.z").build());
            CapFenceEndpoint endpoint = ctx.getBean(CapFenceEndpoint.class);

            Map<String, Object> verify = (Map<String, Object>) endpoint.section("verify", null, null, null, null, null, null)
                    .getBody();
            assertThat(verify).containsEntry("intact", true);
            Map<String, Object> audit = (Map<String, Object>) endpoint.summary().get("audit");
            assertThat(audit).containsEntry("type", "jdbc").containsEntry("head", verify.get("head"))
                    .containsEntry("records", verify.get("records"));

            List<Map<?, ?>> bob = (List<Map<?, ?>>) endpoint.section("audit", 10, null, "bob", null, null, null).getBody();
            assertThat(bob).isNotEmpty().allSatisfy(r -> assertThat(r.get("decision")).isIn("deny", null));
            List<Map<?, ?>> one = (List<Map<?, ?>>) endpoint.section("audit", 1, null, null, null, null, null).getBody();
            assertThat(one).hasSize(1);
            assertThat(((Number) one.get(0).get("seq")).longValue()).isEqualTo(audit.get("records"));
        });
    }
}
