package dev.capfence.boot;

import java.util.concurrent.Callable;

/**
 * Names the actor of gated calls made by the current thread, for code that runs outside an authenticated
 * request (an agent loop, a scheduled job). Spring Security's principal, when there is one, takes precedence.
 */
public final class CapFenceActor {

    private static final ThreadLocal<String> ACTOR = new ThreadLocal<>();

    private CapFenceActor() {
    }

    public static <T> T runAs(String actor, Callable<T> work) throws Exception {
        String previous = ACTOR.get();
        ACTOR.set(actor);
        try {
            return work.call();
        } finally {
            restore(previous);
        }
    }

    public static void runAs(String actor, Runnable work) {
        String previous = ACTOR.get();
        ACTOR.set(actor);
        try {
            work.run();
        } finally {
            restore(previous);
        }
    }

    /** The actor set by an enclosing {@link #runAs}, or null. */
    public static String currentActor() {
        return ACTOR.get();
    }

    // For the context-propagation accessor: sets or clears the actor when Reactor moves work between threads.
    static void set(String actor) {
        restore(actor);
    }

    private static void restore(String previous) {
        if (previous == null) {
            ACTOR.remove();
        } else {
            ACTOR.set(previous);
        }
    }
}
