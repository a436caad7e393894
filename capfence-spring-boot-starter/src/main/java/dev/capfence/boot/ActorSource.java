package dev.capfence.boot;

/** One place an actor can come from (Spring Security, …); null when it has none for the current call. */
@FunctionalInterface
public interface ActorSource {
    String currentActor();
}
