package dev.capfence.mcp;

import dev.capfence.engine.StartedAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The forwarded {@code tools/call} requests of one session still waiting for the server's answer, by request id.
 * A call's outcome is recorded when its answer arrives (a JSON-RPC error or a result with {@code isError: true} is a
 * failure), or as a failure when the session or the server ends first: the audit says what the tool really did,
 * not only that it was asked.
 */
final class PendingCalls {

    /** A tool call that did not succeed, as the audit's outcome record names it. */
    static final class ToolCallFailed extends Exception {
        ToolCallFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, StartedAction> byId = new ConcurrentHashMap<>();

    /** Registers a call before it is sent, so an answer however quick finds it. */
    void await(String id, StartedAction call) {
        StartedAction earlier = byId.put(id, call);
        if (earlier != null) {
            earlier.finish(new ToolCallFailed("the client sent another request with the same id before this one was answered"));
        }
    }

    /** The call could not be sent: its outcome is that failure. */
    void notSent(String id, StartedAction call, Exception why) {
        byId.remove(id, call);
        call.finish(why);
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** A message from the server: if it answers a pending call, that call's outcome is recorded. */
    void answered(Envelope message) {
        if (!message.isResponse() || message.id() == null) {
            return;
        }
        StartedAction call = byId.remove(message.id());
        if (call != null) {
            call.finish(message.failure() == null ? null : new ToolCallFailed(message.failure()));
        }
    }

    /** Every call still waiting failed: the session or the server ended first. */
    void endAll(String why) {
        for (String id : byId.keySet()) {
            StartedAction call = byId.remove(id);
            if (call != null) {
                call.finish(new ToolCallFailed(why));
            }
        }
    }
}
