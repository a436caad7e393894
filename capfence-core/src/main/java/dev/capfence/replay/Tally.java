package dev.capfence.replay;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts the changed transitions of a report, in {@link Transition} order. */
final class Tally {

    private Tally() {
    }

    static Map<Transition, Long> changed(List<Transition> transitions) {
        Map<Transition, Long> totals = new TreeMap<>();
        for (Transition t : transitions) {
            if (t.changed()) {
                totals.merge(t, 1L, Long::sum);
            }
        }
        return Collections.unmodifiableMap(totals);
    }
}
