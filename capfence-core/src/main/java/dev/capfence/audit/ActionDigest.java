package dev.capfence.audit;

import dev.capfence.event.ActionEvent;
import dev.capfence.event.ActionEventJson;
import java.util.Map;

/**
 * What an approval is bound to: SHA-256 of the event's canonical JSON (RFC 8785) without {@code id} and
 * {@code timestamp}, so the same action proposed again has the same digest, and any other change does not.
 */
public final class ActionDigest {

    private ActionDigest() {
    }

    public static String of(ActionEvent event) {
        Map<String, Object> m = ActionEventJson.toMap(event);
        m.remove("id");
        m.remove("timestamp");
        return Canonical.sha256Hex(Canonical.of(m));
    }
}
