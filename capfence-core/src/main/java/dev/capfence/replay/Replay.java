package dev.capfence.replay;

import dev.capfence.audit.RecordedDecision;
import dev.capfence.engine.ActionRuntime;
import dev.capfence.engine.Verdict;
import dev.capfence.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-decides recorded decisions under a (new) policy: "what would this policy have done to last week's
 * traffic?". A dry run — nothing is recorded, no approval is opened, no tool runs.
 */
public final class Replay {

    private Replay() {
    }

    public static ReplayReport run(List<RecordedDecision> recorded, Policy policy) {
        ActionRuntime runtime = ActionRuntime.fromPolicy(policy);
        List<ReplayedDecision> replayed = new ArrayList<>(recorded.size());
        for (RecordedDecision r : recorded) {
            Verdict v = runtime.evaluate(r.event());
            replayed.add(new ReplayedDecision(r, v));
        }
        return new ReplayReport(replayed, Tally.changed(replayed.stream().map(ReplayedDecision::transition).toList()));
    }
}
