package dev.capfence.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Authorizes every call of the annotated bean method against the CapFence policy before its body runs. The
 * arguments become the event payload, keyed by parameter name (see {@link ActionParam}). A call that is not
 * allowed throws {@link dev.capfence.engine.ActionDeniedException} ({@link dev.capfence.engine.ApprovalRequiredException} for
 * require_approval) and the body does not run.
 *
 * <p>Like every Spring proxy-based advice it applies to calls through the bean, not to a method calling another
 * method of the same object ({@code this.other()}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GatedAction {

    /** Explicit capability; when empty the core derives resource.action[.environment]. */
    String capability() default "";

    String resource() default "";

    String action() default "";

    /** Tool name recorded in the event; defaults to SimpleClassName.method. */
    String tool() default "";

    /** Environment for this action; defaults to capfence.environment, else the first active profile, else "default". */
    String environment() default "";
}
