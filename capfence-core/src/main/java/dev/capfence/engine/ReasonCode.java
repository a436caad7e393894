package dev.capfence.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine-readable reason a verdict carries. {@link #wireName()} is the text written to JSON, the audit log
 * and metrics tags ({@code policy_deny}, {@code no_matching_rule} …); it never changes once released.
 */
public enum ReasonCode {
    POLICY_DENY,
    POLICY_REQUIRE_APPROVAL,
    POLICY_ALLOW,
    NO_MATCHING_RULE,
    /** An observe-mode policy let through an action it would not have allowed. */
    OBSERVE_MODE,
    INVALID_EVENT,
    POLICY_ERROR,
    /** The event is over the size or nesting limit ({@link dev.capfence.event.EventLimits}); it was not evaluated. */
    PAYLOAD_TOO_LARGE,
    /** The decision could not be written to the audit log, so the action is denied rather than run unrecorded. */
    AUDIT_UNAVAILABLE,
    /** An approved approval for the identical action let it through. */
    APPROVAL_GRANTED,
    /** The identical action already waits for approval; the verdict names the same approval id. */
    APPROVAL_PENDING,
    /** An approver rejected the identical action; denied until that approval's expiry. */
    APPROVAL_REJECTED,
    /** The approval expired before it was used; proposing the action again requests a new one. */
    APPROVAL_EXPIRED,
    /** The actor already has approval.max_pending approvals waiting: no new request (approval fatigue). */
    APPROVAL_LIMIT,
    /** An operator's grant pre-authorized an action that needs approval; approval_id names the grant. */
    GRANT_APPLIED,
    /** A policy limit has no room left; the reason names the limit. */
    LIMIT_EXCEEDED,
    /** The approval, grant or limit store failed, so nothing could be decided safely: denied. */
    STORE_UNAVAILABLE,
    /**
     * The tool's definition (name, description, input schema) is not the one pinned when it was first listed: a
     * server that changes a tool after it was reviewed is refused until the pin is updated.
     */
    TOOL_DEFINITION_CHANGED;

    private static final Map<String, ReasonCode> BY_WIRE_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(ReasonCode::wireName, Function.identity()));

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name in JSON and audit records, e.g. {@code no_matching_rule}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The code written as {@code wireName}; empty for a name this version does not know (an audit record written
     * by another version, say), which callers keep as the raw text.
     */
    public static Optional<ReasonCode> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
