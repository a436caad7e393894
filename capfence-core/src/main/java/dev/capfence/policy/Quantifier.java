package dev.capfence.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * How a condition reads several values: in a deny or approval rule {@code any} value may satisfy it; in an
 * allow rule {@code every} value must, and there must be at least one, so an extra value can never carry an
 * action past an allow written for something else.
 */
final class Quantifier {

    private Quantifier() {
    }

    static <T> boolean holds(List<T> values, boolean every, Predicate<? super T> test) {
        if (values.isEmpty()) {
            return false;
        }
        if (!(values instanceof RandomAccess)) {
            values = new ArrayList<>(values);
        }
        for (int i = 0; i < values.size(); i++) { // by index: no iterator on the hot path
            boolean hit = test.test(values.get(i));
            if (hit != every) {
                return hit; // any: the first hit decides; every: the first miss decides
            }
        }
        return every;
    }
}
