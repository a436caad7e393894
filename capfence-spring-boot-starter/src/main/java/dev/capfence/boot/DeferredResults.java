package dev.capfence.boot;

import java.util.function.Consumer;

/**
 * A return type whose work ends after the gated method returns ({@code CompletionStage}, {@code Mono},
 * {@code Flux}): the call is decided when the method is called, and its outcome recorded when the work is over.
 * CapFence knows {@code CompletionStage} and, with Reactor on the class path, {@code Mono} and {@code Flux}; declare a
 * bean of this type for another (RxJava, Kotlin coroutines' deferreds).
 */
public interface DeferredResults {

    /** Whether values of {@code returnType} complete later. */
    boolean supports(Class<?> returnType);

    /**
     * Returns {@code result}, or an equivalent value of the same type, that calls {@code done} once when its work
     * ends: with null on success, with the failure otherwise (cancellation counts as a failure).
     */
    Object whenDone(Object result, Consumer<Throwable> done);
}
