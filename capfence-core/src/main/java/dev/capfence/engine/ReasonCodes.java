package dev.capfence.engine;

/** The machine-readable reasons a verdict carries. */
public final class ReasonCodes {
    public static final String POLICY_DENY = "policy_deny";
    public static final String POLICY_REQUIRE_APPROVAL = "policy_require_approval";
    public static final String POLICY_ALLOW = "policy_allow";
    public static final String NO_MATCHING_RULE = "no_matching_rule";
    /** An observe-mode policy let through an action it would not have allowed. */
    public static final String OBSERVE_MODE = "observe_mode";
    public static final String INVALID_EVENT = "invalid_event";
    public static final String POLICY_ERROR = "policy_error";
    /** The event is over the size or nesting limit ({@link dev.capfence.event.EventLimits}); it was not evaluated. */
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    /** The decision could not be written to the audit log, so the action is denied rather than run unrecorded. */
    public static final String AUDIT_UNAVAILABLE = "audit_unavailable";

    /** An approved approval for the identical action let it through. */
    public static final String APPROVAL_GRANTED = "approval_granted";
    /** The identical action already waits for approval; the verdict names the same approval id. */
    public static final String APPROVAL_PENDING = "approval_pending";
    /** An approver rejected the identical action; denied until that approval's expiry. */
    public static final String APPROVAL_REJECTED = "approval_rejected";
    /** The approval expired before it was used; proposing the action again requests a new one. */
    public static final String APPROVAL_EXPIRED = "approval_expired";
    /** The actor already has approval.max_pending approvals waiting: no new request (approval fatigue). */
    public static final String APPROVAL_LIMIT = "approval_limit";
    /** An operator's grant pre-authorized an action that needs approval; approval_id names the grant. */
    public static final String GRANT_APPLIED = "grant_applied";
    /** A policy limit has no room left; the reason names the limit. */
    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    /** The approval, grant or limit store failed, so nothing could be decided safely: denied. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";

    private ReasonCodes() {
    }
}
