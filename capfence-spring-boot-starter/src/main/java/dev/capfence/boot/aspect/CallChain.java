package dev.capfence.boot.aspect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The gated calls in progress on this thread, outermost first, as "actor:capability". Public for integrations
 * (the Spring AI tool gate) so that a gated method called from a gated tool sees its caller.
 */
public final class CallChain {

    private static final ThreadLocal<Deque<String>> CHAIN = ThreadLocal.withInitial(ArrayDeque::new);

    private CallChain() {
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
