package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * What an approval is bound to: SHA-256 of the event's canonical JSON (RFC 8785) without {@code id} and
 * {@code timestamp}, so the same action proposed again has the same digest, and any other change does not.
 */
public final class ActionDigest {

    private ActionDigest() {
    }

    public static String of(ActionEvent event) {
        // the fields of ActionEventJson.toMap but id and timestamp, which are never formatted only to be dropped
        Map<String, Object> m = new HashMap<>();
        m.put("actor", event.actor());
        m.put("tool", event.tool());
        m.put("capability", event.capability());
        m.put("resource", event.resource());
        m.put("action", event.action());
        m.put("environment", event.environment());
        m.put("payload", event.payload());
        m.put("context", event.context());
        return Canonical.sha256Hex(Canonical.of(m));
    }
}
