package dev.capfence.boot.gate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The gated calls in progress on this thread, outermost first, as "actor:capability". Public for integrations
 * (the Spring AI tool gate) so that a gated method called from a gated tool sees its caller.
 */
public final class CallChain {

    private static final ThreadLocal<Deque<String>> CHAIN = ThreadLocal.withInitial(ArrayDeque::new);

    private CallChain() {
    }

    /** How a call appears in the chain. */
    public static String entry(String actor, String capability) {
        return actor + ":" + capability;
    }

    /**
     * The event context of a call about to run as {@code entry}: {@code caller_depth} counts it (1 = outermost) and
     * {@code lineage} is the chain that led here, this call last.
     */
    public static Map<String, Object> contextFor(String entry) {
        List<String> chain = current();
        chain.add(entry);
        return Map.of("caller_depth", chain.size(), "lineage", chain);
    }

    public static List<String> current() {
        return new ArrayList<>(CHAIN.get());
    }

    public static void push(String entry) {
        CHAIN.get().addLast(entry);
    }

    public static void pop() {
        Deque<String> chain = CHAIN.get();
        chain.pollLast();
        if (chain.isEmpty()) {
            CHAIN.remove();
        }
    }
}
