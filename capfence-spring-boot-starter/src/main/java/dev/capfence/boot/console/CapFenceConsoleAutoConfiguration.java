package dev.capfence.boot.console;

import dev.capfence.audit.AuditSink;
import dev.capfence.audit.ReadableAudit;
import dev.capfence.audit.Redaction;
import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.boot.approval.ApprovalDecisions;
import dev.capfence.boot.approval.CapFenceApprovalAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceAutoConfiguration;
import dev.capfence.boot.autoconfigure.CapFenceProperties;
import dev.capfence.engine.ActionRuntime;
import java.time.Clock;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The approval inbox page, with {@code capfence.console.enabled=true} in a servlet application. It refuses to
 * start without Spring Security (the approver is the logged-in user: without authentication nobody could be named)
 * and without Thymeleaf (its templates).
 */
@AutoConfiguration(after = {CapFenceAutoConfiguration.class, CapFenceApprovalAutoConfiguration.class})
@ConditionalOnBooleanProperty("capfence.console.enabled")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ActionRuntime.class)
public class CapFenceConsoleAutoConfiguration {

    private static final String FILTER_CHAIN = "org.springframework.security.web.SecurityFilterChain";
    private static final String THYMELEAF = "org.thymeleaf.spring6.SpringTemplateEngine";

    @Bean
    ApprovalInboxController capFenceApprovalInbox(ActionRuntime runtime, ObjectProvider<AuditSink> sink,
                                                  ApprovalDecisions decisions, CapFenceProperties properties,
                                                  ListableBeanFactory beans, ResourceLoader resources) {
        String path = properties.getConsole().getPath();
        if (path == null || !path.matches("/[A-Za-z0-9._~/-]*") || path.endsWith("/") || path.contains("//")) {
            throw new CapFenceConfigurationException("CapFence: capfence.console.path must be a path such as "
                    + "/capfence (a leading /, no trailing /), not '" + path + "'", "Fix capfence.console.path.", null);
        }
        ClassLoader loader = resources.getClassLoader();
        if (!ClassUtils.isPresent(FILTER_CHAIN, loader)
                || beans.getBeanNamesForType(ClassUtils.resolveClassName(FILTER_CHAIN, loader), false, false).length == 0) {
            throw new CapFenceConfigurationException("CapFence: capfence.console.enabled needs Spring Security: the "
                    + "inbox decides approvals as the logged-in user, and without a SecurityFilterChain nobody is "
                    + "logged in", "Add spring-boot-starter-security and a SecurityFilterChain that authenticates "
                    + path + "/** (with CSRF on), or set capfence.console.enabled=false.", null);
        }
        if (!ClassUtils.isPresent(THYMELEAF, loader)) {
            throw new CapFenceConfigurationException("CapFence: capfence.console.enabled needs Thymeleaf for its "
                    + "pages", "Add org.springframework.boot:spring-boot-starter-thymeleaf, or set "
                    + "capfence.console.enabled=false.", null);
        }
        AuditSink audit = sink.getIfAvailable();
        InboxPages pages = new InboxPages(runtime, audit instanceof ReadableAudit r ? r : null, decisions,
                Redaction.defaultsPlus(properties.getAudit().getRedact()), Clock.systemUTC());
        return new ApprovalInboxController(pages, decisions, path);
    }
}
