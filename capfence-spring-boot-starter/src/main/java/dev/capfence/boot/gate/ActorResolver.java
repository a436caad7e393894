package dev.capfence.boot.gate;

import dev.capfence.boot.CapFenceActor;
import dev.capfence.boot.ActorSource;

import java.util.List;

/** Who is acting: the first {@link ActorSource} that knows, else {@link CapFenceActor#runAs}, else the default. */
public final class ActorResolver {

    /** How an application names the actor of its gated calls; shown wherever a call had none. */
    public static final String HOW_TO_NAME_AN_ACTOR = "Name one with capfence.actor.default (a fixed service "
            + "identity), Spring Security (the authenticated principal) or CapFenceActor.runAs(actor, work) around "
            + "the calls.";

    private final List<ActorSource> sources;
    private final String defaultActor;

    public ActorResolver(List<ActorSource> sources, String defaultActor) {
        this.sources = List.copyOf(sources);
        this.defaultActor = defaultActor;
    }

    /** Null when nobody is known: the core then denies the event as invalid (fail closed). */
    public String currentActor() {
        for (ActorSource source : sources) {
            String actor = source.currentActor();
            if (actor != null && !actor.isBlank()) {
                return actor;
            }
        }
        String bound = CapFenceActor.currentActor();
        return bound != null ? bound : defaultActor;
    }
}
