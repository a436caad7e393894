package dev.capfence.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capfence.approval.ApprovalSettings;
import dev.capfence.approval.ApprovalStore;
import dev.capfence.approval.GrantStore;
import dev.capfence.approval.InMemoryApprovalStore;
import dev.capfence.audit.AuditSink;
import dev.capfence.audit.InMemoryAuditSink;
import dev.capfence.audit.JsonlAuditSink;
import dev.capfence.boot.gate.ActorResolver;
import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.gate.EnvironmentResolver;
import dev.capfence.boot.web.ActionDeniedProblemHandler;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.limit.LimitStore;
import dev.capfence.policy.Decision;
import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyMode;
import dev.capfence.store.jdbc.JdbcApprovalStore;
import dev.capfence.store.jdbc.JdbcGrantStore;
import dev.capfence.store.jdbc.JdbcLimitStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import javax.sql.DataSource;

class CapFenceAutoConfigurationTest {

    private static final String POLICY = "capfence.policy.location=classpath:capfence/app-policy.yaml";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                    CapFenceWebAutoConfiguration.class));

    @Test
    void classpathPolicyWithExtendsGivesARuntimeAndMemoryStores() {
        runner.withPropertyValues(POLICY).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(Policy.class).hasSingleBean(ActionRuntime.class)
                    .hasSingleBean(ActorResolver.class).hasSingleBean(EnvironmentResolver.class)
                    .hasBean("capFenceGatedActionAdvisor").hasSingleBean(AuditSink.class)
                    .doesNotHaveBean(ActionDeniedProblemHandler.class);
            // no audit type: a bounded chain in memory
            assertThat(ctx.getBean(AuditSink.class)).isInstanceOf(InMemoryAuditSink.class)
                    .extracting(a -> ((InMemoryAuditSink) a).maxRecords()).isEqualTo(10_000);
            assertThat(ctx.getBean(ApprovalStore.class)).isInstanceOf(InMemoryApprovalStore.class);
            Policy policy = ctx.getBean(Policy.class);
            assertThat(policy.sources()).hasSize(2);
            ActionEvent nested = ActionEvent.builder().actor("a").capability("shell.exec")
                    .context(Map.of("caller_depth", 2)).build();
            assertThat(ctx.getBean(ActionRuntime.class).evaluate(nested).ruleId()).isEqualTo("no-nested-shell");
        });
    }

    @Test
    void modePropertyOverridesThePolicysMode() {
        ActionEvent blocked = ActionEvent.builder().actor("mallory").capability("agent.plan").build();
        runner.withPropertyValues(POLICY, "capfence.mode=observe").run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            assertThat(runtime.mode()).isEqualTo(PolicyMode.OBSERVE);
            var verdict = runtime.execute(blocked);
            assertThat(verdict.decision()).isEqualTo(Decision.ALLOW);
            assertThat(verdict.shadowDecision()).isEqualTo(Decision.DENY);
        });
        runner.withPropertyValues(POLICY).run(ctx -> {
            assertThat(ctx.getBean(ActionRuntime.class).mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(ctx.getBean(ActionRuntime.class).execute(blocked).decision()).isEqualTo(Decision.DENY);
        });
        runner.withPropertyValues("capfence.policy.mode=observe", "capfence.policy.deny[0].capability=x.y",
                "capfence.mode=enforce").run(ctx -> assertThat(ctx.getBean(ActionRuntime.class)
                .execute(ActionEvent.builder().actor("a").capability("x.y").build()).decision())
                .isEqualTo(Decision.DENY));
        runner.withPropertyValues(POLICY, "capfence.mode=sometimes")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void approvalPropertiesFillWhatThePolicyLeavesUnset() {
        // app-policy.yaml names its approvers (ops-*) but no timeout, single_use or max_pending
        runner.withPropertyValues(POLICY, "capfence.approvals.timeout=15m", "capfence.approvals.approvers=alice",
                "capfence.approvals.max-pending=2", "capfence.approvals.single-use=false").run(ctx -> {
            ApprovalSettings settings = ctx.getBean(ActionRuntime.class).approvals().settings();
            assertThat(settings.timeout()).hasMinutes(15);
            assertThat(settings.approvers()).containsExactly("ops-*");
            assertThat(settings.maxPending()).isEqualTo(2);
            assertThat(settings.singleUse()).isFalse();
        });
        runner.withPropertyValues(POLICY).run(ctx -> {
            ApprovalSettings settings = ctx.getBean(ActionRuntime.class).approvals().settings();
            assertThat(settings.timeout()).isEqualTo(ApprovalSettings.DEFAULT_TIMEOUT);
            assertThat(settings.singleUse()).isTrue();
            assertThat(settings.maxPending()).isZero();
        });
    }

    @Test
    void aBadApprovalPropertyStopsStartupNamingIt() {
        runner.withPropertyValues(POLICY, "capfence.approvals.max-pending=-1").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("max pending");
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("capfence.approvals");
        });
        runner.withPropertyValues(POLICY, "capfence.approvals.timeout=0s")
                .run(ctx -> assertThat(ctx.getStartupFailure()).hasStackTraceContaining("timeout must be positive"));
    }

    @Test
    void filePolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "version: 1\nallow:\n  - capability: x.y\n");
        for (String location : List.of("file:" + file, file.toString())) {
            runner.withPropertyValues("capfence.policy.location=" + location).run(ctx ->
                    assertThat(ctx.getBean(ActionRuntime.class)
                            .evaluate(ActionEvent.builder().actor("a").capability("x.y").build()).decision())
                            .isEqualTo(Decision.ALLOW));
        }
    }

    @Test
    void inlinePolicyFromProperties() {
        runner.withPropertyValues(
                "capfence.policy.approval.approvers[0]=ops-*",
                "capfence.policy.deny[0].id=no-rm",
                "capfence.policy.deny[0].capability=shell.exec",
                "capfence.policy.deny[0].contains[0]=rm -rf",
                "capfence.policy.deny[0].contains[1]=mkfs",
                "capfence.policy.require_approval[0].capability=payments.refund",
                "capfence.policy.require_approval[0].amount_gt=1000",
                "capfence.policy.allow[0].capability[0]=shell.exec",
                "capfence.policy.allow[0].capability[1]=payments.refund").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ActionRuntime rt = ctx.getBean(ActionRuntime.class);
                    assertThat(rt.evaluate(ActionEvent.create("a", "shell", "exec", null,
                            Map.of("command", "mkfs /dev/sda"))).ruleId()).isEqualTo("no-rm");
                    assertThat(rt.evaluate(ActionEvent.create("a", "shell", "exec", null,
                            Map.of("command", "ls"))).decision()).isEqualTo(Decision.ALLOW);
                    assertThat(rt.evaluate(ActionEvent.create("a", "payments", "refund", null,
                            Map.of("amount", 5000))).decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
                    assertThat(rt.approvals().settings().approvers()).containsExactly("ops-*");
                });
    }

    @Test
    void invalidPolicyFileFailsStartupNamingFileAndLine() {
        runner.withPropertyValues("capfence.policy.location=classpath:capfence/broken.yaml").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootMessage(ctx.getStartupFailure()))
                    .contains("CapFence: the policy is invalid").contains("broken.yaml:5:").contains("capabilty");
            // Boot's startup report shows the problem and what to do, not a stack of BeanCreationExceptions
            var analysis = new CapFenceFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis.getDescription()).contains("broken.yaml:5:");
            assertThat(analysis.getAction()).contains("capfence.enabled=false");
        });
    }

    @Test
    void invalidInlinePolicyFailsStartup() {
        runner.withPropertyValues("capfence.policy.deny[0].capabilty=x").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootMessage(ctx.getStartupFailure()))
                    .contains("application properties (capfence.policy)").contains("capabilty");
        });
    }

    @Test
    void missingPolicyFailsStartup() {
        runner.withPropertyValues("capfence.policy.location=classpath:nope.yaml").run(ctx ->
                assertThat(rootMessage(ctx.getStartupFailure())).contains("policy not found: classpath:nope.yaml"));
        runner.run(ctx -> assertThat(rootMessage(ctx.getStartupFailure())).contains("no policy configured"));
    }

    @Test
    void disabledCreatesNoBeans() {
        runner.withPropertyValues("capfence.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
                .doesNotHaveBean(Policy.class).doesNotHaveBean(ActionRuntime.class)
                .doesNotHaveBean(CapFenceProperties.class).doesNotHaveBean("capFenceGatedActionAdvisor"));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapFenceWebAutoConfiguration.class))
                .withPropertyValues("capfence.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ActionDeniedProblemHandler.class));
    }

    @Test
    void problemHandlerOnlyInServletApplications() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapFenceAutoConfiguration.class,
                        CapFenceWebAutoConfiguration.class))
                .withPropertyValues(POLICY)
                .run(ctx -> assertThat(ctx).hasSingleBean(ActionDeniedProblemHandler.class));
    }

    @Test
    void userBeansReplaceOurs() {
        Policy mine = Policy.parse("version: 1\nallow:\n  - capability: mine\n", "mine.yaml");
        InMemoryApprovalStore store = new InMemoryApprovalStore();
        runner.withBean(Policy.class, () -> mine).withBean(ApprovalStore.class, () -> store).run(ctx -> {
            assertThat(ctx.getBean(ActionRuntime.class).policy()).isSameAs(mine);
            assertThat(ctx.getBean(ApprovalStore.class)).isSameAs(store);
        });
        ActionRuntime runtime = ActionRuntime.fromPolicy(mine);
        // an application-built runtime needs no capfence.policy.* at all
        runner.withBean(ActionRuntime.class, () -> runtime).run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(Policy.class).hasBean("capFenceGatedActionAdvisor");
            assertThat(ctx.getBean(ActionRuntime.class)).isSameAs(runtime);
        });
    }

    @Test
    void jdbcStoresWithADataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:capfence-boot;DB_CLOSE_DELAY=-1");
        runner.withPropertyValues(POLICY, "capfence.store=jdbc", "capfence.audit.type=jdbc")
                .withBean(DataSource.class, () -> h2).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(ApprovalStore.class)).isInstanceOf(JdbcApprovalStore.class);
                    assertThat(ctx.getBean(GrantStore.class)).isInstanceOf(JdbcGrantStore.class);
                    assertThat(ctx.getBean(LimitStore.class)).isInstanceOf(JdbcLimitStore.class);
                    assertThat(ctx.getBean(AuditSink.class).getClass().getSimpleName()).isEqualTo("JdbcAuditSink");
                });
    }

    @Test
    void jdbcStoreWithoutADataSourceFailsStartup() {
        runner.withPropertyValues(POLICY, "capfence.store=jdbc").run(ctx ->
                assertThat(rootMessage(ctx.getStartupFailure())).contains("capfence.store=jdbc needs exactly one DataSource"));
    }

    @Test
    void jsonlAuditRecordsDecisions(@TempDir Path dir) {
        Path log = dir.resolve("audit.jsonl");
        runner.withPropertyValues(POLICY, "capfence.audit.type=jsonl", "capfence.audit.path=" + log,
                "capfence.audit.fsync=false", "capfence.audit.redact[0]=order").run(ctx -> {
                    assertThat(ctx.getBean(AuditSink.class)).isInstanceOf(JsonlAuditSink.class);
                    ctx.getBean(ActionRuntime.class).execute(ActionEvent.create("a", "payments", "refund", null,
                            Map.of("order", "o-1", "amount", 5)));
                    assertThat(Files.readString(log)).contains("payments.refund").doesNotContain("o-1");
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void auditTypeNoneRecordsNothingAndMemoryIsBoundedAsConfigured(CapturedOutput output) {
        runner.withPropertyValues(POLICY, "capfence.audit.type=none").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(AuditSink.class));
        assertThat(output).doesNotContain("CapFence audit is in memory");
        runner.withPropertyValues(POLICY, "capfence.audit.type=memory", "capfence.audit.memory.max-records=5")
                .run(ctx -> assertThat(((InMemoryAuditSink) ctx.getBean(AuditSink.class)).maxRecords()).isEqualTo(5));
        assertThat(output).contains("CapFence audit is in memory (the newest 5 records): it is not kept across"
                + " restarts. Set capfence.audit.type=jsonl|jdbc to keep it");
        runner.withPropertyValues(POLICY, "capfence.audit.memory.max-records=0").run(ctx ->
                assertThat(rootMessage(ctx.getStartupFailure())).contains("capfence.audit.memory.max-records is 0"));
    }

    @Test
    void environmentFromPropertyThenProfileThenDefault() {
        runner.withPropertyValues(POLICY, "capfence.environment=production").run(ctx ->
                assertThat(ctx.getBean(EnvironmentResolver.class).environment()).isEqualTo("production"));
        runner.withPropertyValues(POLICY, "spring.profiles.active=staging,eu").run(ctx ->
                assertThat(ctx.getBean(EnvironmentResolver.class).environment()).isEqualTo("staging"));
        runner.withPropertyValues(POLICY).run(ctx ->
                assertThat(ctx.getBean(EnvironmentResolver.class).environment()).isEqualTo("default"));
    }

    @Test
    void actorFromSecurityThenRunAsThenDefault() {
        runner.withPropertyValues(POLICY, "capfence.actor.default=batch").run(ctx -> {
            ActorResolver actors = ctx.getBean(ActorResolver.class);
            assertThat(actors.currentActor()).isEqualTo("batch");
            CapFenceActor.runAs("agent-7", () -> assertThat(actors.currentActor()).isEqualTo("agent-7"));
            SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "pw", "ROLE_USER"));
            try {
                CapFenceActor.runAs("agent-7", () -> assertThat(actors.currentActor()).isEqualTo("alice"));
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
        runner.withPropertyValues(POLICY).run(ctx ->
                assertThat(ctx.getBean(ActorResolver.class).currentActor()).isNull());
    }

    @Test
    void configurationMetadataIsGenerated() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes());
            assertThat(json).contains("capfence.policy.location", "capfence.audit.signing-key",
                    "capfence.actor.default", "capfence.store");
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }


    @Test
    void eventLimitsComeFromProperties() {
        runner.withPropertyValues("capfence.policy.allow[0].capability=files.write").run(ctx -> {
            assertThat(ctx.getBean(ActionRuntime.class).eventLimits()).isEqualTo(dev.capfence.event.EventLimits.DEFAULTS);
        });
        runner.withPropertyValues("capfence.policy.allow[0].capability=files.write",
                "capfence.event.max-payload-bytes=200", "capfence.event.max-depth=4").run(ctx -> {
            ActionRuntime runtime = ctx.getBean(ActionRuntime.class);
            assertThat(runtime.eventLimits()).isEqualTo(new dev.capfence.event.EventLimits(200, 4));
            assertThat(runtime.execute(ActionEvent.create("a", "files", "write", null, Map.of("c", "small")))
                    .decision()).isEqualTo(Decision.ALLOW);
            assertThat(runtime.execute(ActionEvent.create("a", "files", "write", null, Map.of("c", "x".repeat(300))))
                    .reasonCode().wireName()).isEqualTo("payload_too_large");
            assertThat(runtime.execute(ActionEvent.create("a", "files", "write", null,
                    Map.of("a", Map.of("b", Map.of("c", Map.of()))))).reasonCode().wireName()).isEqualTo("payload_too_large");
            assertThat(runtime.execute(ActionEvent.create("a", "files", "write", null,
                    Map.of("a", Map.of("b", Map.of("c", 1))))).decision()).isEqualTo(Decision.ALLOW);
        });
        runner.withPropertyValues("capfence.policy.allow[0].capability=files.write", "capfence.event.max-depth=5000")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("capfence.event.max-payload-bytes / max-depth")
                        .hasStackTraceContaining("maxDepth must be between 2 and 1000, was 5000"));
    }
}
