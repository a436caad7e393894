package dev.capfence.replay;

import dev.capfence.engine.Verdict;
import dev.capfence.event.ActionEvent;

/** One event decided by the old and the new policy. */
public record DiffedEvent(ActionEvent event, Verdict before, Verdict after) {

    public Transition transition() {
        return new Transition(before.decision(), after.decision());
    }

    public boolean changed() {
        return transition().changed();
    }

    /** The new policy allows what the old one did not: a side effect that would now run unattended. */
    public boolean newlyAllowed() {
        return transition().newlyAllows();
    }

    /** Looser without being allowed ({@code deny -> require_approval}): now one approval away from running. */
    public boolean loosenedToApproval() {
        return transition().loosens() && !newlyAllowed();
    }
}
