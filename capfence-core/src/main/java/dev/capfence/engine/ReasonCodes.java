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
    /** The decision could not be written to the audit log, so the action is denied rather than run unrecorded. */
    public static final String AUDIT_UNAVAILABLE = "audit_unavailable";

    private ReasonCodes() {
    }
}
