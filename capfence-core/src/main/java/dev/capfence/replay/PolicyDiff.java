package dev.capfence.replay;

import dev.capfence.engine.ActionRuntime;
import dev.capfence.event.ActionEvent;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/** Decides the same events under an old and a new policy, to review a policy change before it ships. */
public final class PolicyDiff {

    private PolicyDiff() {
    }

    public static DiffReport run(Policy old, Policy neu, List<ActionEvent> events) {
        ActionRuntime before = ActionRuntime.fromPolicy(old);
        ActionRuntime after = ActionRuntime.fromPolicy(neu);
        List<DiffedEvent> diffed = new ArrayList<>(events.size());
        for (ActionEvent e : events) {
            diffed.add(new DiffedEvent(e, before.evaluate(e), after.evaluate(e)));
        }
        return new DiffReport(diffed, Tally.changed(diffed.stream().map(DiffedEvent::transition).toList()));
    }
}
