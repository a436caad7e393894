package dev.capfence.policy;

import dev.capfence.event.ActionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One evaluation's view of an event. Derived views (payload strings, their normalized forms,
 * the paths a payload names) are computed on first use and shared by every rule.
 */
final class EventView {

    private final ActionEvent event;
    private List<String> strings;
    private List<String> folded;
    private List<String> viewed;
    private Map<String, Object> memo;

    EventView(ActionEvent event) {
        this.event = event;
    }

    ActionEvent event() {
        return event;
    }

    /** A top-level field of the event by its JSON name. */
    String envelope(String name) {
        switch (name) {
            case "id": return event.id();
            case "actor": return event.actor();
            case "tool": return event.tool();
            case "capability": return event.capability();
            case "resource": return event.resource();
            case "action": return event.action();
            case "environment": return event.environment();
            default: throw new IllegalArgumentException(name);
        }
    }

    Object context(String key) {
        return event.context().get(key);
    }

    Object payload(String key) {
        return event.payload().get(key);
    }

    /** Every string in the payload, at any depth; keys are not included. */
    List<String> strings() {
        if (strings == null) {
            List<String> out = new ArrayList<>();
            collect(event.payload(), out);
            strings = out;
        }
        return strings;
    }

    /** {@link #strings()} normalized and case-folded, for substring and keyword matching. */
    List<String> folded() {
        if (folded == null) {
            List<String> src = strings();
            List<String> out = new ArrayList<>(src.size());
            for (String s : src) {
                out.add(TextNormalizer.fold(s));
            }
            folded = out;
        }
        return folded;
    }

    /** {@link #strings()} normalized with case kept, for regular expressions. */
    List<String> viewed() {
        if (viewed == null) {
            List<String> src = strings();
            List<String> out = new ArrayList<>(src.size());
            for (String s : src) {
                out.add(TextNormalizer.view(s));
            }
            viewed = out;
        }
        return viewed;
    }

    /**
     * A value derived from the event once per evaluation and shared by every rule that needs it (a parsed
     * command line, SQL script, path or URL list).
     */
    Object memo(String key, Function<EventView, Object> compute) {
        if (memo == null) {
            memo = new HashMap<>(4);
        }
        Object v = memo.get(key);
        if (v == null) {
            v = compute.apply(this);
            memo.put(key, v);
        }
        return v;
    }

    private static void collect(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) {
                collect(x, out);
            }
        } else if (v instanceof List<?> l) {
            for (Object x : l) {
                collect(x, out);
            }
        }
    }
}
