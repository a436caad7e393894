package dev.capfence.boot.autoconfigure;

import dev.capfence.approval.ApprovalSettings;
import dev.capfence.boot.CapFenceConfigurationException;
import dev.capfence.event.EventLimits;
import dev.capfence.policy.PolicyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code capfence.*} properties. */
@ConfigurationProperties("capfence")
public class CapFenceProperties {

    /** Whether CapFence is active; false creates none of its beans (and nothing is gated). */
    private boolean enabled = true;

    /** Environment of gated actions; defaults to the first active profile, else "default". */
    private String environment;

    /** Where approvals, grants and limit counters live: memory (one process) or jdbc (the DataSource). */
    private Store store = Store.MEMORY;

    private final PolicySettings policy = new PolicySettings();

    private final Actor actor = new Actor();

    private final Audit audit = new Audit();

    private final ApprovalDefaults approvals = new ApprovalDefaults();

    private final EventSettings event = new EventSettings();

    private final Console console = new Console();

    /**
     * Decide in this mode whatever the policy says: observe (nothing is blocked, would-be decisions are recorded
     * as shadow decisions) or enforce. Unset: the policy's own mode.
     */
    private PolicyMode mode;

    /** Limits on gated events; a larger or deeper one is denied with payload_too_large, unevaluated. */
    public static class EventSettings {
        /** Largest payload and context, as estimated JSON bytes. */
        private long maxPayloadBytes = EventLimits.DEFAULTS.maxPayloadBytes();
        /** Deepest nesting of the event's JSON form (the event is level 1, its payload 2), at most 1000. */
        private int maxDepth = EventLimits.DEFAULTS.maxDepth();

        public long getMaxPayloadBytes() { return maxPayloadBytes; }
        public void setMaxPayloadBytes(long maxPayloadBytes) { this.maxPayloadBytes = maxPayloadBytes; }
        public int getMaxDepth() { return maxDepth; }
        public void setMaxDepth(int maxDepth) { this.maxDepth = maxDepth; }

        /** The limits; a {@link CapFenceConfigurationException} naming the property when one is out of range. */
        public EventLimits limits() {
            try {
                return new EventLimits(maxPayloadBytes, maxDepth);
            } catch (IllegalArgumentException e) {
                throw new CapFenceConfigurationException("CapFence: capfence.event.max-payload-bytes / max-depth: "
                        + e.getMessage(), "Set capfence.event.max-payload-bytes to at least 1 and "
                        + "capfence.event.max-depth between 2 and " + EventLimits.DEPTH_CEILING + ".", e);
            }
        }
    }

    public enum Store { MEMORY, JDBC }

    public enum AuditType { NONE, MEMORY, JSONL, JDBC }

    /** The policy: a file, or rules written inline under capfence.policy. */
    public static class PolicySettings {

        /** Policy file: classpath:policy.yaml, file:/etc/capfence.yaml or a plain path. */
        private String location;

        /** Inline policy mode: enforce or observe. */
        private String mode;

        /** Inline deny rules, written as in a policy file. */
        private List<Map<String, Object>> deny = new ArrayList<>();

        /** Inline require_approval rules, written as in a policy file. */
        private List<Map<String, Object>> requireApproval = new ArrayList<>();

        /** Inline allow rules, written as in a policy file. */
        private List<Map<String, Object>> allow = new ArrayList<>();

        /** Inline limits, written as in a policy file. */
        private List<Map<String, Object>> limits = new ArrayList<>();

        /** Inline approval settings (timeout, approvers, single_use, max_pending). */
        private Map<String, Object> approval = new LinkedHashMap<>();

        /**
         * Watch the policy file: a changed valid policy replaces the running one atomically; an invalid one is
         * rejected (the last good policy stays, the health indicator turns DOWN, the error is logged and counted).
         */
        private boolean reload = false;

        /** How often the policy file (and the files it extends) is checked for changes when reload is on. */
        private Duration reloadInterval = Duration.ofSeconds(2);

        public String getLocation() { return location; }
        public void setLocation(String location) { this.location = location; }
        public String getMode() { return mode; }
        public void setMode(String mode) { this.mode = mode; }
        public List<Map<String, Object>> getDeny() { return deny; }
        public void setDeny(List<Map<String, Object>> deny) { this.deny = deny; }
        public List<Map<String, Object>> getRequireApproval() { return requireApproval; }
        public void setRequireApproval(List<Map<String, Object>> rules) { this.requireApproval = rules; }
        public List<Map<String, Object>> getAllow() { return allow; }
        public void setAllow(List<Map<String, Object>> allow) { this.allow = allow; }
        public List<Map<String, Object>> getLimits() { return limits; }
        public void setLimits(List<Map<String, Object>> limits) { this.limits = limits; }
        public Map<String, Object> getApproval() { return approval; }
        public void setApproval(Map<String, Object> approval) { this.approval = approval; }
        public boolean isReload() { return reload; }
        public void setReload(boolean reload) { this.reload = reload; }
        public Duration getReloadInterval() { return reloadInterval; }
        public void setReloadInterval(Duration reloadInterval) { this.reloadInterval = reloadInterval; }

        boolean hasInlineRules() {
            return !deny.isEmpty() || !requireApproval.isEmpty() || !allow.isEmpty() || !limits.isEmpty()
                    || !approval.isEmpty();
        }
    }

    public static class Actor {

        /**
         * Actor used when neither Spring Security nor CapFenceActor.runAs names one. Unset by default: such a call
         * is then denied (invalid_event) rather than attributed to a made-up identity.
         */
        private String defaultActor;

        public String getDefault() { return defaultActor; }
        public void setDefault(String defaultActor) { this.defaultActor = defaultActor; }
    }

    public static class Audit {

        /**
         * Audit sink: jsonl (a file), jdbc (the DataSource), memory (the newest records in memory, lost on restart)
         * or none. Unset: memory.
         */
        private AuditType type;

        /** JSONL audit file (type=jsonl). */
        private String path = "capfence-audit.jsonl";

        /** Whether every JSONL record is forced to disk before the action runs. */
        private boolean fsync = true;

        /** PEM file with an Ed25519 private key; when set, records are signed. */
        private String signingKey;

        /** Payload keys redacted in addition to the defaults (password, token …). */
        private List<String> redact = new ArrayList<>();

        private final Memory memory = new Memory();

        public AuditType getType() { return type; }
        public void setType(AuditType type) { this.type = type; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public boolean isFsync() { return fsync; }
        public void setFsync(boolean fsync) { this.fsync = fsync; }
        public String getSigningKey() { return signingKey; }
        public void setSigningKey(String signingKey) { this.signingKey = signingKey; }
        public List<String> getRedact() { return redact; }
        public void setRedact(List<String> redact) { this.redact = redact; }
        public Memory getMemory() { return memory; }

        /** The in-memory audit (type memory, or no type set). */
        public static class Memory {

            /** How many of the newest records are kept; older ones are dropped (the rest still verifies). */
            private int maxRecords = 10_000;

            public int getMaxRecords() { return maxRecords; }
            public void setMaxRecords(int maxRecords) { this.maxRecords = maxRecords; }
        }
    }

    /**
     * Approval settings for what the policy's approval block leaves unset; the policy's own always win. Unset
     * properties keep CapFence's defaults ({@link ApprovalSettings#DEFAULTS}).
     */
    public static class ApprovalDefaults {

        /** How long a pending approval stays valid. */
        private Duration timeout = ApprovalSettings.DEFAULT_TIMEOUT;

        /** Who may approve or reject (globs over principal names); empty: anyone but the requester. */
        private List<String> approvers = new ArrayList<>();

        /** Whether an approval lets exactly one call through. */
        private boolean singleUse = true;

        /** Pending approvals one actor may have at once; 0: no cap. */
        private int maxPending;

        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public List<String> getApprovers() { return approvers; }
        public void setApprovers(List<String> approvers) { this.approvers = approvers; }
        public boolean isSingleUse() { return singleUse; }
        public void setSingleUse(boolean singleUse) { this.singleUse = singleUse; }
        public int getMaxPending() { return maxPending; }
        public void setMaxPending(int maxPending) { this.maxPending = maxPending; }

        /** Checked here, so a bad value stops startup with the property's name in the message. */
        ApprovalSettings asSettings() {
            try {
                return new ApprovalSettings(timeout, approvers, singleUse, maxPending);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new CapFenceConfigurationException("CapFence: capfence.approvals: " + e.getMessage(),
                        "Set capfence.approvals.timeout to a positive duration, capfence.approvals.max-pending to 0 "
                                + "(no cap) or more, and no empty name in capfence.approvals.approvers.", e);
            }
        }
    }

    /** The approval inbox page: pending approvals to decide, recent decisions, the audit chain's state. */
    public static class Console {

        /** Serve the page; it needs Spring Security (who decides is the logged-in user) and Thymeleaf. */
        private boolean enabled = false;

        /** Where the page is served. */
        private String path = "/capfence";

        /** The application's public URL (https://ops.example.com), for links in notifications; unset: relative links. */
        private String baseUrl;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String environment) { this.environment = environment; }
    public Store getStore() { return store; }
    public void setStore(Store store) { this.store = store; }
    public PolicySettings getPolicy() { return policy; }
    public Actor getActor() { return actor; }
    public Audit getAudit() { return audit; }
    public ApprovalDefaults getApprovals() { return approvals; }
    public EventSettings getEvent() { return event; }
    public Console getConsole() { return console; }
    public PolicyMode getMode() { return mode; }
    public void setMode(PolicyMode mode) { this.mode = mode; }
}
