package dev.capfence.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Renames a {@link GatedAction} method parameter in the payload, or leaves it out. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActionParam {

    /** Payload key; defaults to the parameter name. */
    String name() default "";

    /** Leaves the argument out of the payload (and so out of the policy's view and the audit). */
    boolean exclude() default false;
}
