package dev.capfence.boot.gate;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The gated calls in progress on this thread, outermost first, as "actor:capability". A gated method called from a
 * gated call sees its caller in the event's {@code lineage}. A call may also be decided for the method it runs (a
 * Spring AI tool that is a {@code @GatedAction} method): that method's advisor then takes the decision as its own,
 * once, instead of deciding the same call again.
 */
final class CallChain {

    private static final ThreadLocal<Deque<Frame>> CHAIN = ThreadLocal.withInitial(ArrayDeque::new);

    private static final class Frame {
        final String entry;
        final Method decidedFor;
        boolean taken;

        Frame(String entry, Method decidedFor) {
            this.entry = entry;
            this.decidedFor = decidedFor;
        }
    }

    private CallChain() {
    }

    /** How a call appears in the chain. */
    static String entry(String actor, String capability) {
        return actor + ":" + capability;
    }

    /**
     * The event context of a call about to run as {@code entry}: {@code caller_depth} counts it (1 = outermost) and
     * {@code lineage} is the chain that led here, this call last.
     */
    static Map<String, Object> contextFor(String entry) {
        List<String> chain = current();
        chain.add(entry);
        return Map.of("caller_depth", chain.size(), "lineage", chain);
    }

    static List<String> current() {
        List<String> entries = new ArrayList<>();
        for (Frame frame : CHAIN.get()) {
            entries.add(frame.entry);
        }
        return entries;
    }

    static void push(String entry, Method decidedFor) {
        CHAIN.get().addLast(new Frame(entry, decidedFor));
    }

    static void pop() {
        Deque<Frame> chain = CHAIN.get();
        chain.pollLast();
        if (chain.isEmpty()) {
            CHAIN.remove();
        }
    }

    /**
     * Whether the innermost call was decided for {@code method} and has not yet been taken: the first call of that
     * method inside it is that call. Taken once, so the method calling itself again is decided again.
     */
    static boolean takeDecisionFor(Method method) {
        Frame innermost = CHAIN.get().peekLast();
        if (innermost == null || innermost.taken || !method.equals(innermost.decidedFor)) {
            return false;
        }
        innermost.taken = true;
        return true;
    }
}
