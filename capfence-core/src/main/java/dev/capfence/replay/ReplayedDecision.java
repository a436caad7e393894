package dev.capfence.replay;

import dev.capfence.audit.RecordedDecision;
import dev.capfence.engine.Verdict;

/** A recorded decision next to what the replay policy decides for the same event. */
public record ReplayedDecision(RecordedDecision recorded, Verdict replayed) {

    public Transition transition() {
        return new Transition(recorded.original(), replayed.decision());
    }

    public boolean changed() {
        return transition().changed();
    }
}
