package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceObserver;
import dev.capfence.event.ActionEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The Micrometer observation {@code capfence.decision}: one per decision {@code execute} makes, from before the
 * policy is consulted until the decision is recorded. With tracing it is a span in the caller's trace; with a meter
 * registry, a timer. Low-cardinality keys: capability, decision, reason_code.
 */
final class DecisionObservation implements CapFenceObserver {

    static final String NAME = "capfence.decision";

    private final ObservationRegistry registry;

    DecisionObservation(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Scope start(ActionEvent event) {
        String capability = event.capability() != null ? event.capability() : "none";
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("capfence " + capability)
                .lowCardinalityKeyValue("capability", capability)
                .start();
        return (verdict, failure) -> {
            if (verdict != null) {
                observation.lowCardinalityKeyValue("decision", verdict.decision().wireName())
                        .lowCardinalityKeyValue("reason_code", verdict.reasonCode().wireName());
            }
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        };
    }
}
