package dev.capfence.boot;

import io.micrometer.context.ThreadLocalAccessor;

/**
 * Lets Micrometer's context propagation carry the {@link CapFenceActor#runAs} actor to the threads Reactor runs work on
 * (with {@code spring.reactor.context-propagation=auto}, for example a streaming Spring AI tool loop), as Spring
 * Security's own accessor carries its security context. Registered through {@code META-INF/services}; inert without
 * the context-propagation library.
 */
public final class CapFenceActorAccessor implements ThreadLocalAccessor<String> {

    /** The key the actor is stored under in a propagated context. */
    public static final String KEY = "capfence.actor";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public String getValue() {
        return CapFenceActor.currentActor();
    }

    @Override
    public void setValue(String actor) {
        CapFenceActor.set(actor);
    }

    @Override
    public void setValue() {
        CapFenceActor.set(null);
    }
}
